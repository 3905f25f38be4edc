"""The local composer: a readable, deterministic letter in the user's voice, and honest tightening."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.generation.llm_answers import (
    parse_cover_letter,
    parse_enhanced_profile,
    parse_rationale,
    parse_style_refinement,
)
from app.domain.generation.task_briefs import enhance_profile_brief, rationale_brief, writing_style_brief
from app.domain.interfaces.llm import ChatMessage, ChatRequest, LlmRole, LlmTask
from app.domain.stylometry import analyze
from app.infrastructure.adapters.llm.local.enhance import first_person, tighten
from app.infrastructure.adapters.llm.local.voice import NEUTRAL, voice_of
from app.infrastructure.adapters.llm.local_adapter import LocalLlmClient
from tests.unit.llm_fixtures import (
    CASUAL_SAMPLE,
    FORMAL_SAMPLE,
    make_job,
    make_letter_brief,
    make_profile,
    make_ranking,
    style_of,
)
from tests.unit.test_llm_prompts import INJECTION

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PROPER = re.compile(r"(?<=[a-z,;] )[A-Z][\w.+#-]*")  # a capitalised word that does not start a sentence


def _answer(task: LlmTask, payload: dict[str, Any], messages: tuple[ChatMessage, ...] = ()) -> str:
    request = ChatRequest(task=task, messages=messages, payload=payload, json_mode=True)
    return asyncio.run(LocalLlmClient().complete(request)).content


def _letter(**options: Any) -> list[str]:
    brief = make_letter_brief(**options)
    return list(parse_cover_letter(_answer(LlmTask.COVER_LETTER, brief.payload()), brief).paragraphs)


def test_the_client_is_the_local_composer_for_both_roles():
    client = LocalLlmClient()
    assert client.provider == "local"
    assert {client.model_for(role) for role in LlmRole} == {"local-composer"}


def test_the_letter_names_the_role_and_company_and_uses_the_profile_facts():
    paragraphs = _letter(max_paragraphs=5)
    assert len(paragraphs) == 5
    opening, first, second, project, closing = paragraphs
    assert "Staff Platform Engineer" in opening
    assert "Initech" in opening
    assert "Python, Kubernetes and PostgreSQL" in opening  # why: the terms the candidate matches
    assert "Acme Payments" in first
    assert "since 2021" in first
    assert "cutting hosting costs by 30%" in first
    assert "Globex" in second
    assert "from 2017 to 2021" in second
    assert "Terraform" in second
    assert "ledgerlite" in project
    assert "1,200 GitHub stars" in project
    assert "Initech" in closing
    assert not any(p.startswith("Dear") for p in paragraphs)


def test_the_letter_keeps_to_max_paragraphs_and_fills_a_spare_slot_with_skills():
    assert len(_letter(max_paragraphs=3)) == 3
    assert len(_letter(max_paragraphs=4)) == 4
    six = _letter(max_paragraphs=6)  # two experiences and a project leave one slot for the skills
    assert len(six) == 6
    assert "Go" in six[4]
    assert "Mentoring" in six[4]


def test_the_letter_is_deterministic():
    assert _letter() == _letter()
    style = style_of(FORMAL_SAMPLE)
    assert _letter(style=style) == _letter(style=style)


def test_the_letter_invents_no_number():
    brief = make_letter_brief(max_paragraphs=6, style=style_of(CASUAL_SAMPLE))
    given = set(_NUMBER.findall(json.dumps(brief.payload()))) | set(
        part for date in _NUMBER.findall(json.dumps(brief.payload())) for part in date.split("-")
    )
    text = " ".join(_letter(max_paragraphs=6, style=style_of(CASUAL_SAMPLE)))
    assert set(_NUMBER.findall(text)) <= given


def _measured(paragraphs: list[str]) -> dict[str, Any]:
    return analyze("\n\n".join(paragraphs), DocumentType.RESUME).as_dict()


def test_two_styles_give_measurably_different_letters():
    formal = _letter(style=style_of(FORMAL_SAMPLE), max_paragraphs=5)
    casual = _letter(style=style_of(CASUAL_SAMPLE), max_paragraphs=5)
    formal_style, casual_style = _measured(formal), _measured(casual)
    assert formal_style["contractions_per_100_words"] == 0
    assert casual_style["contractions_per_100_words"] > 1
    assert formal_style["avg_sentence_length"] > casual_style["avg_sentence_length"] + 3
    assert formal_style["formality"] > casual_style["formality"]
    assert "I am writing to apply" in formal[0]
    assert "Thanks for reading!" in casual[-1]  # the sample closes casually


def test_a_style_with_little_first_person_gets_fewer_first_person_sentences():
    style = {**style_of(FORMAL_SAMPLE), "first_person_ratio": 0.1}
    sparse = _measured(_letter(style=style))["first_person_ratio"]
    assert sparse < _measured(_letter(style=style_of(FORMAL_SAMPLE)))["first_person_ratio"]
    assert _letter(style=style)[0].startswith("Please accept this letter")


def test_without_a_style_the_voice_is_neutral():
    assert voice_of(None) == NEUTRAL
    assert voice_of({}) == NEUTRAL
    odd = voice_of({"formality": "high", "avg_sentence_length": 0, "closing": "Thanks"})
    assert (odd.register, odd.sentence_words, odd.casual_closing) == (
        "neutral",
        NEUTRAL.sentence_words,
        False,
    )


def test_an_injected_posting_changes_nothing_in_the_letter():
    job = make_job()
    injected = make_job(
        description=f"{job.description} {INJECTION}", requirements=[*job.requirements, INJECTION]
    )
    assert _letter(job=injected) == _letter(job=job)


def test_a_letter_without_matches_or_items_still_reads():
    brief = make_letter_brief()
    payload = brief.payload()
    payload.update(experiences=[], projects=[], skills_highlighted=[])
    payload["candidate"]["headline"] = None
    paragraphs = json.loads(_answer(LlmTask.COVER_LETTER, payload))["paragraphs"]
    assert len(paragraphs) == 2
    assert "Initech" in paragraphs[0]
    payload["candidate"]["headline"] = "Data Analyst"
    assert (
        "a natural next step from my work as a Data Analyst"
        in json.loads(_answer(LlmTask.COVER_LETTER, payload))["paragraphs"][0]
    )


# --- enhancement ----------------------------------------------------------------------------------------
def test_tightening_puts_a_strong_verb_first_and_removes_filler():
    assert tighten("I was responsible for managing a team of 6.") == "Managed a team of 6."
    assert tighten("Responsible for building the API. Helped to ship it.") == "Built the API. Helped ship it."
    assert (
        tighten("Successfully migrated various services in order to save $2k.")
        == "Migrated services to save $2k."
    )
    assert (
        tighten("Worked on applying fixes, utilizing a wide range of tools.") == "Applied fixes, using tools."
    )
    assert (
        tighten("Responsible for the billing team.") == "Responsible for the billing team."
    )  # no verb to lead
    assert tighten("I am a backend engineer.", strip_subject=True) == "I am a backend engineer."
    assert tighten("Very.") == "Very."  # nothing would be left


def test_enhancement_never_adds_a_number_or_name_and_never_lengthens():
    profile = make_profile()
    brief = enhance_profile_brief(profile, style=None)
    enhanced = parse_enhanced_profile(_answer(LlmTask.ENHANCE_PROFILE, brief.payload()), brief)
    originals = {item.id: item.description for item in (*brief.experiences, *brief.projects)}
    pairs = [(originals[key], text) for key, text in {**enhanced.experiences, **enhanced.projects}.items()]
    pairs.append((brief.professional_summary, enhanced.professional_summary))
    for original, text in pairs:
        assert set(_NUMBER.findall(text)) <= set(_NUMBER.findall(original))
        assert set(_PROPER.findall(text)) <= set(original.split()) | {w.strip(".,") for w in original.split()}
        assert len(text) <= len(original)
    assert enhanced.experiences[profile.experiences[1].id] == (
        "Developed REST APIs in Django for the logistics team. "
        "Reduced page load times by 40% through query tuning efforts."
    )
    assert (
        enhanced.professional_summary == "Backend engineer helped build payment systems to serve 3 markets."
    )


def test_a_profile_without_a_summary_gets_none():
    profile = make_profile()
    profile.professional_summary = None
    brief = enhance_profile_brief(profile, style=None)
    assert (
        parse_enhanced_profile(_answer(LlmTask.ENHANCE_PROFILE, brief.payload()), brief).professional_summary
        is None
    )


def test_a_bullet_becomes_first_person_only_when_it_opens_with_a_verb():
    assert first_person("Led the team", current=False) == "I led the team"
    assert first_person("Lead the team", current=True) == "I lead the team"
    assert first_person("Lead the team", current=False) == "Lead the team"
    assert first_person("Kubernetes expertise", current=True) == "Kubernetes expertise"


# --- rationale and style ---------------------------------------------------------------------------------
def test_the_rationale_names_the_leading_items_their_terms_and_what_nothing_matches():
    profile = make_profile()
    job = make_job(parsed_keywords=["Python", "Kubernetes", "Rust"])
    brief = rationale_brief(profile, job, make_ranking(profile))
    rationale = parse_rationale(_answer(LlmTask.RANKING_RATIONALE, brief.payload()))
    assert rationale.startswith(
        "For Staff Platform Engineer at Initech, Senior Backend Engineer at Acme Payments"
    )
    assert "matching Python, Kubernetes and PostgreSQL" in rationale
    assert "Software Engineer at Globex follows" in rationale
    assert "Among projects, ledgerlite leads" in rationale
    assert rationale.endswith("No ranked item matches Rust.")


def test_the_rationale_of_an_empty_or_unmatched_ranking_says_so():
    payload = {"job_title": "Chef", "company": "Bistro", "keywords": [], "items": [], "custom_prompt": None}
    assert "no experience or project" in parse_rationale(_answer(LlmTask.RANKING_RATIONALE, payload))
    payload["items"] = [{"id": "p", "kind": "project", "label": "Soup", "score": 0.1, "matched_terms": []}]
    assert "on the wording of its description" in parse_rationale(_answer(LlmTask.RANKING_RATIONALE, payload))


def test_the_style_refinement_is_read_off_the_measures():
    for sample, tone, trait in [
        (FORMAL_SAMPLE, "formal", "no contractions"),
        (CASUAL_SAMPLE, "enthusiastic", "uses contractions"),
    ]:
        measures = style_of(sample)
        brief = writing_style_brief(DocumentType.COVER_LETTER, measures=measures, text=sample)
        refined = parse_style_refinement(_answer(LlmTask.WRITING_STYLE, brief.payload()))
        assert refined.tone.value == tone
        assert refined.formality == measures["formality"]
        assert trait in refined.traits
    odd = {
        "tone": "grumpy",
        "formality": None,
        "bullet_ratio": 0.5,
        "passive_voice_ratio": 0.3,
        "avg_sentence_length": 30,
    }
    refined = parse_style_refinement(_answer(LlmTask.WRITING_STYLE, {"measures": odd}))
    assert refined.tone.value == "neutral"
    assert {"long flowing sentences", "relies on bullet points", "frequent passive voice"} <= set(
        refined.traits
    )


def test_token_counts_are_word_counts():
    payload = {"measures": style_of(CASUAL_SAMPLE)}
    request = ChatRequest(
        task=LlmTask.WRITING_STYLE, messages=(ChatMessage("user", "three small words"),), payload=payload
    )
    result = asyncio.run(LocalLlmClient().complete(request))
    assert result.prompt_tokens == 3
    assert result.completion_tokens == len(result.content.split())


def _payload_letter(payload: dict[str, Any]) -> list[str]:
    return json.loads(_answer(LlmTask.COVER_LETTER, payload))["paragraphs"]


def test_sparse_items_read_as_whole_sentences_in_every_register():
    payload = make_letter_brief(max_paragraphs=5).payload()
    experience = {**payload["experiences"][1], "end_date": None, "technologies": [], "matched_terms": []}
    project = {**payload["projects"][0], "technologies": [], "matched_terms": []}
    payload.update(experiences=[experience], projects=[project])
    payload["style"] = {**style_of(FORMAL_SAMPLE), "first_person_ratio": 0.1}
    _, job, side, skills, _ = _payload_letter(payload)
    assert job.startswith("The Software Engineer role at Globex (from 2017) is the closest match here.")
    assert side.startswith("The project ledgerlite is relevant as well")
    assert skills.startswith("Further relevant skills include Python")
    payload["style"] = style_of(FORMAL_SAMPLE)
    assert _payload_letter(payload)[3].startswith("In addition, I bring skills in Python")
    payload["style"] = {
        "tone": "conversational",
        "formality": 0.3,
        "closing": {"text": "Regards", "style": "formal"},
    }
    closing = _payload_letter(payload)[-1]
    assert closing == (
        "I would love to chat about how I could help the team at Initech. "
        "Thank you for your time and consideration."
    )


def test_a_role_that_started_and_ended_in_one_year_says_in_that_year():
    payload = make_letter_brief(max_paragraphs=3).payload()
    payload["experiences"] = [
        {**payload["experiences"][1], "start_date": "2020-01-01", "end_date": "2020-09-01"}
    ]
    assert "at Globex in 2020" in _payload_letter(payload)[1]


def test_a_rationale_without_projects_names_the_experiences_only():
    profile = make_profile()
    ranking = make_ranking(profile)
    profile.projects = []
    brief = rationale_brief(profile, make_job(), ranking)
    rationale = parse_rationale(_answer(LlmTask.RANKING_RATIONALE, brief.payload()))
    assert "Among projects" not in rationale
    assert "Globex follows" in rationale


def test_tightening_drops_a_leading_i_and_keeps_a_sentence_of_filler_only():
    assert tighten("I built the ledger service.") == "Built the ledger service."
    assert tighten("Successfully") == "Successfully"
