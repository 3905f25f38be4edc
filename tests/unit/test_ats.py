"""The ATS score (contract 6.1): keyword coverage through synonyms, section completeness and length fit
for resumes and cover letters, bounds, monotonicity in keywords, and suggestions that tell the user which
missing keywords the profile already backs."""

from __future__ import annotations

import random
from typing import Any

import pytest

from app.domain.enums.document_type import DocumentType
from app.domain.generation.ats import AtsResult, ats_score, length_fit, letter_parts, resume_parts
from app.domain.generation.keywords import KEYWORDS_MAX, TextTerms, job_keywords
from tests.unit.ranking_builders import make_job, vocabulary

RESUME = DocumentType.RESUME
LETTER = DocumentType.COVER_LETTER
KEYWORDS = ["Kubernetes", "Python", "PostgreSQL", "Terraform", "Widget Framework"]


def full_resume() -> dict[str, Any]:
    return {
        "header": {"name": "Ada", "email": "ada@example.com", "phone": "555", "location": None},
        "sections": [
            {"type": "professional_summary", "title": "Professional Summary", "content": "Engineer."},
            {"type": "skills", "title": "Skills", "categories": [{"name": "Technical", "items": ["Python"]}]},
            {"type": "experience", "title": "Experience", "entries": [{"id": "e1"}]},
            {"type": "education", "title": "Education", "entries": [{"id": "d1"}]},
        ],
    }


def full_letter(company: str = "Globex") -> dict[str, Any]:
    paragraphs = [f"I would like to join {company}.", "I built things.", "I would love to talk."]
    letter = {
        "type": "letter",
        "salutation": "Dear Hiring Manager,",
        "recipient": {"name": None, "company": company},
        "paragraphs": paragraphs,
        "closing": "Sincerely,",
        "signature": "Ada",
    }
    return {"sections": [letter]}


def words(count: int) -> str:
    return " ".join(["word"] * count)


def no_profile() -> TextTerms:
    return vocabulary().scan("")


def score(
    text: str,
    *,
    structured: dict[str, Any] | None = None,
    kind: DocumentType = RESUME,
    keywords: list[str] = KEYWORDS,
    profile: TextTerms | None = None,
) -> AtsResult:
    return ats_score(
        text=text,
        structured=full_resume() if structured is None else structured,
        document_type=kind,
        keywords=keywords,
        vocabulary=vocabulary(),
        profile=profile or no_profile(),
    )


def test_a_complete_resume_of_the_right_length_with_every_keyword_scores_100():
    text = f"{words(500)} Kubernetes Python PostgreSQL Terraform Widget Framework"
    result = score(text)
    assert result.score == 100.0
    assert result.feedback == {
        "matched_keywords": KEYWORDS,
        "missing_keywords": [],
        "keyword_coverage": 1.0,
        "suggestions": [],
    }


def test_the_score_is_the_contracts_weighted_sum():
    # 2 of 5 keywords, 4 of 5 resume parts (no summary), 175 of the 350-word minimum.
    structured = full_resume()
    del structured["sections"][0]
    result = score(f"{words(173)} Python k8s", structured=structured)
    assert result.feedback["keyword_coverage"] == 0.4
    assert result.score == round(100 * (0.7 * 0.4 + 0.2 * 0.8 + 0.1 * 0.5), 1) == 49.0


def test_synonyms_count_for_the_keyword():
    result = score("Ran k8s clusters and Postgres", keywords=["Kubernetes", "PostgreSQL", "Go"])
    assert result.feedback["matched_keywords"] == ["Kubernetes", "PostgreSQL"]
    assert result.feedback["missing_keywords"] == ["Go"]
    # Through job_keywords too: the job says Kubernetes, the document k8s.
    job = make_job(parsed_keywords=["kubernetes"], requirements=["Experience with Amazon Web Services"])
    assert score("k8s on AWS", keywords=job_keywords(job, vocabulary())).feedback["keyword_coverage"] == 1.0


def test_the_suggestions_split_missing_keywords_by_whether_the_profile_backs_them():
    profile = vocabulary().scan("Senior engineer: Terraform on AWS, some Widget Framework work.")
    result = score("Python and Postgres", profile=profile)
    assert result.missing_in_profile == ("Terraform", "Widget Framework")
    assert result.missing_not_in_profile == ("Kubernetes",)
    suggestions = result.feedback["suggestions"]
    assert suggestions[0] == (
        "In your profile but not in this document: Terraform, Widget Framework. "
        "Mention them where they are true of your work."
    )
    assert suggestions[1] == (
        "Not in your profile: Kubernetes. Add them only if you have that experience, to your profile first."
    )
    assert suggestions[2] == "The document has 3 words; aim for 350-900."


def test_a_long_list_of_missing_keywords_is_shortened_in_the_suggestion():
    keywords = [f"Skill {number}" for number in range(15)]
    suggestion = score(words(400), keywords=keywords).feedback["suggestions"][0]
    assert suggestion.startswith("Not in your profile: Skill 0, Skill 1,")
    assert "Skill 9 and 5 more." in suggestion


def test_a_job_without_keywords_leaves_nothing_to_miss_and_says_so():
    result = score(words(400), keywords=[])
    assert result.feedback["keyword_coverage"] == 1.0
    assert result.score == 100.0
    assert result.feedback["suggestions"] == [
        "The job lists no keywords or requirements to check against; add them to the job."
    ]


def test_resume_sections_are_read_from_the_structure():
    assert all(resume_parts(full_resume()).values())
    assert resume_parts({}) == dict.fromkeys(
        ["contact", "professional_summary", "skills", "experience", "education"], False
    )
    no_phone = full_resume()
    no_phone["header"]["phone"] = None
    assert resume_parts(no_phone)["contact"] is False
    no_phone["header"]["location"] = "Austin"
    assert resume_parts(no_phone)["contact"] is True
    empty_skills = full_resume()
    empty_skills["sections"][1]["categories"] = [{"name": "Technical", "items": []}]
    assert resume_parts(empty_skills)["skills"] is False
    result = score(words(400), structured={"header": {}, "sections": []}, keywords=[])
    assert result.score == 80.0
    assert result.feedback["suggestions"][1:] == [
        "Add your contact details: an e-mail and a phone number or location.",
        "Add a professional summary.",
        "List your skills.",
        "Add at least one experience.",
        "Add your education.",
    ]


def test_letter_parts_need_a_salutation_three_paragraphs_the_company_a_closing_and_a_signature():
    assert all(letter_parts(full_letter()).values())
    assert letter_parts({"sections": []}) == dict.fromkeys(
        ["salutation", "paragraphs", "company", "closing", "signature"], False
    )
    short = full_letter()
    short["sections"][0]["paragraphs"] = ["I would like to join Globex.", "  "]
    assert letter_parts(short)["paragraphs"] is False
    other = full_letter()
    other["sections"][0]["recipient"]["company"] = "Initech"
    assert letter_parts(other)["company"] is False
    result = score(words(300), structured=other, kind=LETTER, keywords=[])
    assert result.score == 96.0
    assert result.feedback["suggestions"][1:] == ["Name the company in the letter."]


@pytest.mark.parametrize(
    ("kind", "count", "fit"),
    [
        (RESUME, 0, 0.0),
        (RESUME, 175, 0.5),
        (RESUME, 350, 1.0),
        (RESUME, 900, 1.0),
        (RESUME, 1350, 0.5),
        (RESUME, 5000, 0.0),
        (LETTER, 100, 0.5),
        (LETTER, 300, 1.0),
        (LETTER, 500, 0.75),
    ],
)
def test_length_fit_is_one_inside_the_band_and_falls_outside_it(kind: DocumentType, count: int, fit: float):
    assert length_fit(count, kind) == fit


def test_the_score_stays_between_0_and_100():
    assert score("", structured={}, keywords=["Go"]).score == 0.0
    assert score("", structured={}, kind=LETTER, keywords=["Go"]).score == 0.0
    rng = random.Random(13)
    pool = [*KEYWORDS, "React", "SQL", "HIPAA", "SEO", "P&L"]
    for _ in range(100):
        kind = rng.choice([RESUME, LETTER])
        text = " ".join(rng.sample(pool, rng.randint(0, len(pool))) + ["word"] * rng.randint(0, 3000))
        structured = rng.choice([{}, full_resume(), full_letter()])
        assert 0.0 <= score(text, structured=structured, kind=kind, keywords=pool).score <= 100.0


def test_adding_a_missing_keyword_never_lowers_the_score():
    rng = random.Random(2026)
    pool = [
        "Kubernetes", "Python", "PostgreSQL", "React Native", "React", "machine learning", "SEO", "P&L",
        "registered nurse", "ICU", "Go", "Widget Framework", "customer success", "FP&A", "CI/CD",
    ]  # fmt: skip
    # The longest keyword a job can hold (100 characters, 50 words) in the longest keyword list.
    long_keyword = " ".join(["w"] * 50)
    filler = [f"{number}x" for number in range(KEYWORDS_MAX)]
    checked = 0
    for trial in range(300):
        keywords = rng.sample(pool, rng.randint(1, len(pool)))
        if trial % 10 == 0:
            keywords = [long_keyword, *filler][:KEYWORDS_MAX]
        present = rng.sample(keywords, rng.randint(0, len(keywords) - 1))
        kind = rng.choice([RESUME, LETTER])
        # Documents from far too short to far too long, so every side of the length band is crossed.
        text = "\n".join([*present, words(rng.choice([0, 100, 250, 399, 400, 899, 900, 1500, 2400]))])
        structured = rng.choice([full_resume(), full_letter(), {}])
        before = score(text, structured=structured, kind=kind, keywords=keywords)
        missing = before.feedback["missing_keywords"]
        if not missing:  # "React Native" present also mentions React
            continue
        added = rng.choice(missing)
        after = score(f"{text}\n{added}", structured=structured, kind=kind, keywords=keywords)
        assert added in after.feedback["matched_keywords"]
        assert after.feedback["keyword_coverage"] > before.feedback["keyword_coverage"]
        assert after.score >= before.score, (kind, len(text.split()), added)
        checked += 1
    assert checked > 250
