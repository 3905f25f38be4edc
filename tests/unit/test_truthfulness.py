"""The truthfulness guard: a sentence claiming a fact the profile lacks is dropped and recorded; a letter
written from the profile's own facts comes through untouched."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.domain.entities.profile_item import Experience
from app.domain.generation.llm_answers import parse_cover_letter
from app.domain.generation.resume import compile_resume
from app.domain.generation.truthfulness import GuardResult, ProfileFacts, guard_paragraphs
from app.domain.interfaces.llm import ChatRequest, LlmTask
from app.infrastructure.adapters.llm.local_adapter import LocalLlmClient
from tests.unit import llm_fixtures
from tests.unit.document_fixtures import TODAY, canonical, make_job, ranking, rich_profile, vocabulary

# A letter as a model would write it from the rich profile: every fact in it is the profile's.
TRUTHFUL_LETTER = [
    "I am excited to apply for the Staff Backend Engineer role at Initech. With 10 years of experience "
    "building payment systems in Python and PostgreSQL, I believe I can contribute from day one.",
    "In my current role as Senior Backend Engineer at Acme Payments, I led the ledger rewrite for 4 teams, "
    "e.g. billing and payouts. We cut settlement time by 40 percent and saved $1,200,000 a year by batching "
    "U.S. transfers. I also partnered with Stripe to launch instant payouts for 30,000 merchants.",
    "Before that, I spent 4 years at Globex as a Software Engineer, where I built REST APIs in Django and "
    "mentored 3 junior engineers. My earlier work at Hooli taught me to maintain internal tools well.",
    "Outside work, I built Ledger CLI, a command-line ledger in Python that reached 500 GitHub stars, and "
    "the Payout Simulator in Go. I hold a Bachelor's degree in Computer Science from the Technical "
    "University of Munich, and my PMP certification helps me run projects across teams.",
    "For March interviews I am free most days. Thank you for your time and consideration; I would welcome "
    "the chance to discuss how I can help Initech's team.",
]


def facts(profile=None, job=None, **options: Any) -> ProfileFacts:
    return ProfileFacts.from_profile(
        profile or rich_profile(),
        job or make_job(),
        vocabulary(),
        today=options.pop("today", TODAY),
        **options,
    )


def guard(*paragraphs: str, **options: Any) -> GuardResult:
    return guard_paragraphs(paragraphs, facts(**options))


def test_a_truthful_letter_comes_through_untouched():
    result = guard_paragraphs(TRUTHFUL_LETTER, facts())

    assert result.removed == []
    assert result.paragraphs == TRUTHFUL_LETTER


@pytest.mark.parametrize("sample", [None, llm_fixtures.FORMAL_SAMPLE, llm_fixtures.CASUAL_SAMPLE])
@pytest.mark.parametrize("max_paragraphs", [3, 6])
def test_the_local_composers_letters_come_through_untouched(sample: str | None, max_paragraphs: int):
    style = llm_fixtures.style_of(sample) if sample else None
    brief = llm_fixtures.make_letter_brief(style=style, max_paragraphs=max_paragraphs)
    request = ChatRequest(task=LlmTask.COVER_LETTER, messages=(), payload=brief.payload(), json_mode=True)
    paragraphs = list(
        parse_cover_letter(asyncio.run(LocalLlmClient().complete(request)).content, brief).paragraphs
    )
    profile_facts = ProfileFacts.from_profile(
        llm_fixtures.make_profile(), llm_fixtures.make_job(), vocabulary(), today=llm_fixtures.TODAY
    )

    result = guard_paragraphs(paragraphs, profile_facts)

    assert len(paragraphs) == max_paragraphs
    assert result.removed == []
    assert result.paragraphs == paragraphs


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("I led the platform team at Google.", "employer", "Google"),
        ("Before that I joined Initrode Systems as its first hire.", "employer", "Initrode Systems"),
        ("Vandelay Industries LLC trusted me with its imports.", "employer", "Vandelay Industries LLC"),
        ("I have run Kubernetes clusters in production.", "skill", "Kubernetes"),
        ("I also run K8s clusters.", "skill", "Kubernetes"),  # an alias is the same skill
        ("I grew revenue 300% in a year.", "number", "300%"),
        ("I saved the company $3M.", "number", "$3M"),
        ("I handled 10-20k requests a second.", "number", "20k"),
        ("I hold a PhD in Physics.", "degree", "PhD in Physics"),
        ("I also earned a Master's degree in Computer Science.", "degree", "Master in Computer Science"),
        ("I have a degree in Physics as well.", "degree", "degree in Physics"),
        ("I studied at Stanford University.", "institution", "Stanford University"),
        ("I am an AWS Certified Solutions Architect.", "certification", "AWS Certified Solutions Architect"),
        ("My CISSP keeps our audits simple.", "certification", "CISSP"),
        ("I worked as a Staff Engineer there.", "title", "Staff Engineer"),
        ("I served as Head of Payments for a while.", "title", "Head of Payments"),
    ],
)
def test_a_sentence_claiming_what_the_profile_lacks_is_dropped_and_recorded(
    sentence: str, kind: str, value: str
):
    opening, closing = "I am applying for the Staff Backend Engineer role.", "I would love to talk."

    result = guard(f"{opening} {sentence} {closing}")

    assert result.paragraphs == [f"{opening} {closing}"]
    assert {"kind": kind, "value": value, "sentence": sentence} in result.removed
    assert {entry["sentence"] for entry in result.removed} == {sentence}


def test_every_invented_fact_of_a_sentence_is_recorded_once():
    sentence = "At Google and at Google again I ran Kubernetes and K8s for 300% growth."

    assert guard(sentence).removed == [
        {"kind": "employer", "value": "Google", "sentence": sentence},
        {"kind": "skill", "value": "Kubernetes", "sentence": sentence},
        {"kind": "number", "value": "300%", "sentence": sentence},
    ]


def test_a_paragraph_left_empty_disappears_and_the_others_keep_their_order():
    result = guard("I led the platform team at Google.", "Thank you.", "I grew revenue 300%. I hold a PhD.")

    assert result.paragraphs == ["Thank you."]
    assert [entry["kind"] for entry in result.removed] == ["employer", "number", "degree"]


def test_blank_paragraphs_are_dropped_and_kept_ones_are_unchanged():
    assert guard("", "  ", "Line one.\nLine two.").paragraphs == ["Line one.\nLine two."]


def test_numbers_match_by_value_whatever_their_writing():
    # The profile says $1.2M, 40%, 30,000, 3.5 and 8 years; 10.0 years of experience are derived.
    result = guard(
        "I saved $1.2 million, or 1,200k, a year. Settlement took 40% less time for 30000 merchants.",
        "Coverage rose 3.5 times. I bring 10 years of experience, 3 projects and 1 certification.",
        "I have worked at Acme Payments since 2021, for 4.3 years.",
    )

    assert result.removed == []


def test_the_jobs_title_and_company_and_the_names_given_are_allowed():
    job = make_job(title="Kubernetes Platform Engineer 2", company="Oracle")
    sentence = (
        "I want the Kubernetes Platform Engineer 2 role at Oracle, as Maria Chen at Initech Europe knows."
    )

    assert guard(sentence, job=job, names=["Maria Chen", "Initech Europe", None]).removed == []
    unnamed = guard(sentence, job=job)
    assert [(e["kind"], e["value"]) for e in unnamed.removed] == [("employer", "Initech Europe")]
    assert guard("I want to work at Oracle with Kubernetes.", job=make_job()).removed == [
        {"kind": "skill", "value": "Oracle", "sentence": "I want to work at Oracle with Kubernetes."},
        {"kind": "skill", "value": "Kubernetes", "sentence": "I want to work at Oracle with Kubernetes."},
    ]


def test_the_jobs_names_are_blanked_as_whole_words_only():
    sentence = "Java Inc. taught me JavaScript."

    assert guard(sentence, job=make_job(company="Java")).removed == [
        {"kind": "skill", "value": "JavaScript", "sentence": sentence}
    ]


def test_names_the_profile_holds_are_allowed_in_other_words():
    result = guard(
        "At Acme, I worked with Stripe. Acme Payments Gmbh and Acme Payments Labs both shipped fast.",
        "I learned a lot at the Technical University of Munich, and as a Backend Engineer at Globex.",
        "My B.Sc. in Computer Science and my BSc from Munich help. My Project Management Professional "
        "certificate and PMP help too.",
    )

    assert result.removed == []


def test_ordinary_capitalised_words_are_no_claims():
    result = guard(
        "Throughout my career I have cared about reliability. During March I joined the payments guild.",
        "For years I have worked with the Berlin office. I am moving to Boston, MA. Dear readers, thanks.",
        "The University is close. I worked for the team. My Certification journey goes on.",
        "As a result, I grew.",
        "I ran the St. Louis office. I learned a lot at Hooli of all places. I met Ada at Hooli.",
    )

    assert result.removed == []


def test_degree_words_count_only_where_they_name_a_degree():
    # Scrum Master is a role; MA ends an address; "associate" is a title word here.
    assert guard("I was an associate engineer in Boston, MA.").removed == []
    assert [e["value"] for e in guard("I hold an M.A. and an MBA.").removed] == ["M.A", "MBA"]
    # An MBA is a master's degree: a profile that holds one may mention its master's.
    profile = rich_profile()
    profile.education[0].degree = "MBA"
    assert guard("My Master's degree shaped how I lead.", profile=profile).removed == []
    # A master's named in the profile's own text counts as the profile's.
    profile = rich_profile(professional_summary="Engineer with a Master of Science in Physics.")
    assert guard("I hold a Master of Science in Physics.", profile=profile).removed == []


def test_skills_and_titles_from_the_profiles_text_are_allowed():
    profile = rich_profile()
    profile.experiences[0].description = "Ran Terraform as Lead Platform Engineer for the data team."

    assert guard("I ran Terraform as Lead Platform Engineer.", profile=profile).removed == []
    assert guard("I ran Terraform as Lead Platform Engineer.").removed != []


def test_a_compiled_resume_of_a_rich_profile_loses_nothing():
    profile = rich_profile()
    # Text naming facts of every kind, all of them the profile's own.
    profile.experiences.append(
        Experience(
            title="Research Assistant",
            company="Stanford University",
            start_date="2010-01-01",
            end_date="2010-12-31",
            description=(
                "Worked as Staff Engineer with Stanford University researchers at Initrode Systems Inc. "
                "Passed the AWS Certified Solutions Architect exam. Began a PhD in Physics; used K8s daily. "
                "Grew revenue 300% for 2 clients.\n- Built tools in Rust\n• Led a team of 7"
            ),
            achievements=["Presented at St. Louis University on 3.5x gains"],
        )
    )
    document = compile_resume(
        profile,
        make_job(),
        ranking(["e-current", "e-older", "e-first"], ["pr-old", "pr-live", "pr-undated"]),
        max_experiences=10,
        max_projects=5,
        include_summary=True,
        job_terms={"python"},
        canonical=canonical,
        today=TODAY,
    )

    result = guard_paragraphs(document.free_text, facts(profile))

    assert len(document.free_text) > 15
    assert result.removed == []
    assert result.paragraphs == document.free_text


def test_the_guard_is_deterministic():
    paragraphs = [*TRUTHFUL_LETTER, "I led teams at Google with Kubernetes, growing 300%."]

    first, second = guard_paragraphs(paragraphs, facts()), guard_paragraphs(paragraphs, facts())

    assert first == second
    assert len(first.removed) == 3


def test_without_a_day_given_current_jobs_end_today():
    # Acme Payments since March 2021: at least 4 whole years by now.
    assert guard("I have been at Acme Payments for 4 years.", today=None).removed == []


def test_text_whose_lower_case_is_longer_is_read_without_blanking_the_job():
    # "İ" lower-cases to two characters, so positions would shift: the job's words are read as claims.
    job = make_job(title="Kubernetes Engineer")
    sentence = "İstanbul taught me to want the Kubernetes Engineer role."

    assert guard(sentence, job=job).removed == [
        {"kind": "skill", "value": "Kubernetes", "sentence": sentence}
    ]


def test_a_degree_is_judged_by_its_level_and_its_field():
    profile = rich_profile(professional_summary="My degree in Economics taught me markets.")
    profile.education[0].degree = "Bachelor of Science"

    assert (
        guard("A degree helps. My degree in Economics helps. My Bachelor's helps.", profile=profile).removed
        == []
    )
    assert [e["value"] for e in guard("My degree in Law helps.", profile=profile).removed] == [
        "degree in Law"
    ]


def test_facts_follow_every_change_of_the_profile_they_are_kept_for():
    """Facts are kept per profile content: the same profile changed in place is read afresh."""
    claim = "At Umbrella Labs I shipped 77 releases."
    profile = rich_profile()
    assert facts(profile).claims(claim)
    profile.experiences.append(
        Experience(
            title="Engineer",
            company="Umbrella Labs",
            start_date="2010-01-01",
            end_date="2011-01-01",
            description="Shipped 77 releases.",
        )
    )
    assert facts(profile).claims(claim) == []
    profile.experiences.pop()
    assert [claim.kind for claim in facts(profile).claims(claim)] == ["employer", "number"]
