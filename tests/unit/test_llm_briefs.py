"""Briefs of the language-model tasks and the strict parsers of their JSON answers."""

from __future__ import annotations

import json

import pytest

from app.domain.enums.document_type import DocumentType
from app.domain.enums.writing_style import Tone
from app.domain.generation.llm_answers import (
    MAX_ANSWER_CHARS,
    MalformedLlmOutput,
    parse_cover_letter,
    parse_enhanced_profile,
    parse_rationale,
    parse_style_refinement,
)
from app.domain.generation.llm_briefs import DESCRIPTION_EXCERPT_CHARS, excerpt, headline
from app.domain.generation.task_briefs import enhance_profile_brief, rationale_brief, writing_style_brief
from tests.unit.llm_fixtures import (
    FORMAL_SAMPLE,
    make_job,
    make_letter_brief,
    make_profile,
    make_ranking,
    style_of,
)


def test_the_letter_brief_holds_the_top_ranked_items_and_matching_skills_first():
    brief = make_letter_brief(
        max_paragraphs=9, hiring_manager_name="  Dana Wu ", custom_prompt="Keep it short"
    )
    assert brief.candidate.name == "Ana Lima"
    assert brief.candidate.headline == "Senior Backend Engineer"  # the current role
    assert [item.company for item in brief.experiences] == ["Acme Payments", "Globex"]
    assert brief.experiences[0].bullets[-1] == "Mentored 4 engineers"  # achievements follow the sentences
    assert brief.experiences[0].end_date is None
    assert [item.name for item in brief.projects] == ["ledgerlite"]
    assert brief.skills_highlighted == ("Python", "PostgreSQL", "Kubernetes", "Go", "Mentoring")
    assert brief.recipient.hiring_manager_name == "Dana Wu"
    assert brief.recipient.company_name == "Initech"  # the job's company when none is given
    assert brief.max_paragraphs == 6  # clamped to 3-6
    assert make_letter_brief(max_paragraphs=1).max_paragraphs == 3


def test_the_letter_payload_is_plain_json_and_bounds_the_posting():
    job = make_job(description="word " * 2000, raw_text=None)
    payload = make_letter_brief(job=job, company_name="Initech Labs").payload()
    assert json.loads(json.dumps(payload)) == payload
    assert len(payload["job"]["description_excerpt"]) <= DESCRIPTION_EXCERPT_CHARS + 4
    assert payload["job"]["description_excerpt"].endswith(" ...")
    assert payload["recipient"]["company_name"] == "Initech Labs"
    assert payload["today"] == "2026-03-02"
    assert payload["style"] is None
    styled = make_letter_brief(style=style_of(FORMAL_SAMPLE)).payload()
    assert styled["style"]["tone"] == "formal"


def test_an_excerpt_is_cut_at_a_word_boundary_or_hard_when_there_is_none():
    assert excerpt("  short  ", 10) == "short"
    assert excerpt("alpha beta gamma", 12) == "alpha beta ..."
    assert excerpt("x" * 30, 10) == "x" * 10 + " ..."
    assert excerpt(None, 10) == ""


def test_the_headline_is_the_latest_current_role_or_none():
    profile = make_profile()
    assert headline(profile.experiences[::-1]) == "Senior Backend Engineer"
    assert headline([]) is None


def test_the_enhancement_brief_takes_original_texts_only():
    profile = make_profile()
    profile.experiences[0].enhanced_description = "Already enhanced."
    profile.experiences[1].description = "   "
    brief = enhance_profile_brief(profile, style=None, custom_prompt=" ")
    assert [item.description for item in brief.experiences] == [profile.experiences[0].description]
    assert brief.custom_prompt is None
    assert brief.payload()["projects"][0]["name"] == "ledgerlite"
    profile.professional_summary = None
    assert enhance_profile_brief(profile, style={"tone": "formal"}).payload()["style"] == {"tone": "formal"}


def test_the_rationale_brief_labels_the_ranked_items():
    profile = make_profile()
    brief = rationale_brief(profile, make_job(), make_ranking(profile), custom_prompt="Mention Go")
    payload = brief.payload()
    assert [item["label"] for item in payload["items"]] == [
        "Senior Backend Engineer at Acme Payments",
        "Software Engineer at Globex",
        "ledgerlite",
    ]
    assert payload["items"][0]["matched_terms"] == ["Python", "Kubernetes", "PostgreSQL"]
    assert payload["custom_prompt"] == "Mention Go"


def test_the_style_brief_bounds_the_sample():
    brief = writing_style_brief(DocumentType.RESUME, measures={"tone": "neutral"}, text="word " * 5000)
    payload = brief.payload()
    assert payload["document_type"] == "resume"
    assert len(payload["excerpt"]) < 3100


# --- parsers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("", "empty"),
        ("Sure! Here is your letter.", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"paragraphs": "one"}', "JSON array"),
        ('{"paragraphs": []}', "is empty"),
        ('{"paragraphs": ["a", 2]}', "must be a string"),
        ('{"paragraphs": ["a", "  "]}', "is empty"),
        ('{"paragraphs": ["a", "b", "c", "d", "e"]}', "At most 4 paragraphs"),
        (json.dumps({"paragraphs": ["x" * 2001]}), "longer than 2000"),
        (json.dumps({"paragraphs": ["Dear Ms Wu,", "Body."]}), "salutation or closing"),
        (json.dumps({"paragraphs": ["Body.", "Sincerely,\nAna Lima"]}), "salutation or closing"),
        ("{" * 100_000, "longer than"),
        ("[" * 25_000 + "]" * 25_000, "not valid JSON"),  # nesting deeper than the parser recurses
    ],
)
def test_a_letter_answer_that_is_not_the_json_asked_for_is_refused(answer: str, problem: str):
    with pytest.raises(MalformedLlmOutput, match=problem):
        parse_cover_letter(answer, make_letter_brief())


def test_a_letter_answer_in_a_code_fence_is_read():
    answer = '```json\n{"paragraphs": ["Dear readers of this long paragraph, I apply.", " It ends. "]}\n```'
    draft = parse_cover_letter(answer, make_letter_brief())
    assert draft.paragraphs == ("Dear readers of this long paragraph, I apply.", "It ends.")
    assert MAX_ANSWER_CHARS > 10_000


def _enhance_brief():
    return enhance_profile_brief(make_profile(), style=None)


def test_an_enhancement_answer_names_only_ids_of_the_brief():
    brief = _enhance_brief()
    first, second = (item.id for item in brief.experiences)
    answer = {
        "professional_summary": "Backend engineer.",
        "experiences": [{"id": first, "enhanced_description": " Led it. "}],
        "projects": [],
        "extra": "ignored",
    }
    parsed = parse_enhanced_profile(json.dumps(answer), brief)
    assert parsed.experiences == {first: "Led it."}
    assert parsed.professional_summary == "Backend engineer."
    for experiences, problem in [
        ([{"id": "not-in-brief", "enhanced_description": "x"}], "not one of the ids"),
        ([{"id": first, "enhanced_description": "x"}, {"id": first, "enhanced_description": "y"}], "twice"),
        (["text"], "must be an object"),
        ([{"id": second, "enhanced_description": "x" * 2001}], "longer than 2000"),
        ([{"id": second}], "must be a string"),
    ]:
        with pytest.raises(MalformedLlmOutput, match=problem):
            parse_enhanced_profile(json.dumps({**answer, "experiences": experiences}), brief)
    project = brief.projects[0].id
    long_project = {**answer, "projects": [{"id": project, "enhanced_description": "x" * 1001}]}
    with pytest.raises(MalformedLlmOutput, match="longer than 1000"):
        parse_enhanced_profile(json.dumps(long_project), brief)


def test_an_enhanced_summary_is_refused_when_the_profile_has_none():
    profile = make_profile()
    profile.professional_summary = None
    brief = enhance_profile_brief(profile, style=None)
    answer = {"professional_summary": "Invented summary.", "experiences": [], "projects": []}
    with pytest.raises(MalformedLlmOutput, match="must be null"):
        parse_enhanced_profile(json.dumps(answer), brief)
    parsed = parse_enhanced_profile(json.dumps({**answer, "professional_summary": None}), brief)
    assert parsed.professional_summary is None


def test_a_rationale_answer_is_one_bounded_string():
    assert parse_rationale('{"rationale": " Acme ranks first. "}') == "Acme ranks first."
    for answer in ('{"rationale": 3}', '{"rationale": ""}', json.dumps({"rationale": "x" * 1501}), "{}"):
        with pytest.raises(MalformedLlmOutput):
            parse_rationale(answer)


def test_a_style_refinement_is_validated_field_by_field():
    good = {
        "tone": "formal",
        "formality": 0.714,
        "style_summary": "Long, careful sentences.",
        "traits": ["no contractions"],
    }
    refined = parse_style_refinement(json.dumps(good))
    assert refined.tone is Tone.FORMAL
    assert refined.as_dict() == {**good, "formality": 0.71}
    for change, problem in [
        ({"tone": "angry"}, "tone"),
        ({"tone": ["formal"]}, "tone"),
        ({"formality": 1.5}, "formality"),
        ({"formality": True}, "formality"),
        ({"formality": "high"}, "formality"),
        ({"traits": ["a"] * 7}, "At most 6"),
        ({"traits": ["x" * 41]}, "longer than 40"),
        ({"style_summary": "x" * 301}, "longer than 300"),
    ]:
        with pytest.raises(MalformedLlmOutput, match=problem):
            parse_style_refinement(json.dumps({**good, **change}))
    with pytest.raises(MalformedLlmOutput, match="formality"):
        parse_style_refinement(json.dumps(good).replace("0.714", "NaN"))
