"""The ATS score of a generated document and the feedback that explains it (contract 6.1).

ats_score = round(100 x (0.7 x keyword coverage + 0.2 x section completeness + 0.1 x length fit), 1)

- keyword coverage: the share of the job's keywords (`job_keywords`: parsed keywords and requirement
  terms, canonical) that the document mentions, in any spelling the vocabulary knows ("k8s" counts for
  Kubernetes). A job without keywords leaves nothing to miss: coverage 1, and a suggestion says so.
- section completeness: the share of a document's expected parts it has (from content_structured).
  Resume, five parts: contact details (an e-mail and a phone or location), a professional summary,
  skills, at least one experience, education. Projects are left out: many fields have none.
  Cover letter, five parts: a salutation, at least MIN_LETTER_PARAGRAPHS body paragraphs, the company
  named in the body, a closing and a signature.
- length fit: 1 when the document's word count is inside its band (resume 350-900 words, one to two
  pages; cover letter 200-400 words); below, the share of the band's lower end reached; above, falling
  linearly to 0 at twice the upper end.

Monotone in keyword coverage: adding a missing keyword to the document gains at least 70 / KEYWORDS_MAX
= 1.75 points, and the words it adds can cost at most 10 x words / upper end (under 1.75 for a
keyword of up to 50 words in a letter, the shorter band); sections are read from the structure, which
the keyword does not change.

The suggestions split the missing keywords into those the profile shows (the user can honestly add
them) and those it does not (add them only if true, to the profile first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.generation.keywords import KeywordVocabulary, TextTerms

KEYWORD_WEIGHT, SECTION_WEIGHT, LENGTH_WEIGHT = 0.7, 0.2, 0.1
MIN_LETTER_PARAGRAPHS = 3
LENGTH_BANDS = {DocumentType.RESUME: (350, 900), DocumentType.COVER_LETTER: (200, 400)}
LISTED_MAX = 10  # keywords named in one suggestion

RESUME_PARTS = {
    "contact": "Add your contact details: an e-mail and a phone number or location.",
    "professional_summary": "Add a professional summary.",
    "skills": "List your skills.",
    "experience": "Add at least one experience.",
    "education": "Add your education.",
}
LETTER_PARTS = {
    "salutation": "Open with a salutation (Dear ...).",
    "paragraphs": f"Write at least {MIN_LETTER_PARAGRAPHS} body paragraphs.",
    "company": "Name the company in the letter.",
    "closing": "End with a closing (e.g. Sincerely).",
    "signature": "Sign with your name.",
}


@dataclass(frozen=True)
class AtsResult:
    """The score and the contract's feedback object, with the missing keywords split for the caller."""

    score: float
    feedback: dict[str, Any]  # matched_keywords, missing_keywords, keyword_coverage, suggestions
    missing_in_profile: tuple[str, ...]
    missing_not_in_profile: tuple[str, ...]


def _sections(structured: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {section.get("type", ""): section for section in structured.get("sections", [])}


def resume_parts(structured: Mapping[str, Any]) -> dict[str, bool]:
    """Which of RESUME_PARTS the resume has."""
    header = structured.get("header", {})
    sections = _sections(structured)
    return {
        "contact": bool(header.get("email")) and bool(header.get("phone") or header.get("location")),
        "professional_summary": bool(sections.get("professional_summary", {}).get("content")),
        "skills": any(c.get("items") for c in sections.get("skills", {}).get("categories", [])),
        "experience": bool(sections.get("experience", {}).get("entries")),
        "education": bool(sections.get("education", {}).get("entries")),
    }


def letter_parts(structured: Mapping[str, Any]) -> dict[str, bool]:
    """Which of LETTER_PARTS the cover letter has."""
    letter = _sections(structured).get("letter", {})
    paragraphs = [p for p in letter.get("paragraphs", []) if p.strip()]
    company = (letter.get("recipient") or {}).get("company") or ""
    body = " ".join(paragraphs).casefold()
    return {
        "salutation": bool(letter.get("salutation")),
        "paragraphs": len(paragraphs) >= MIN_LETTER_PARAGRAPHS,
        "company": bool(company.strip()) and company.strip().casefold() in body,
        "closing": bool(letter.get("closing")),
        "signature": bool(letter.get("signature")),
    }


def length_fit(words: int, document_type: DocumentType) -> float:
    """1 inside the document type's band, less the further outside it."""
    low, high = LENGTH_BANDS[document_type]
    if words < low:
        return words / low
    return max(0.0, 1 - max(0, words - high) / high)


def _listed(keywords: Sequence[str]) -> str:
    more = len(keywords) - LISTED_MAX
    return ", ".join(keywords[:LISTED_MAX]) + (f" and {more} more" if more > 0 else "")


def _suggestions(
    *, in_profile: Sequence[str], not_in_profile: Sequence[str], has_keywords: bool
) -> list[str]:
    suggestions = []
    if not has_keywords:
        suggestions.append("The job lists no keywords or requirements to check against; add them to the job.")
    if in_profile:
        suggestions.append(
            f"In your profile but not in this document: {_listed(in_profile)}. "
            "Mention them where they are true of your work."
        )
    if not_in_profile:
        suggestions.append(
            f"Not in your profile: {_listed(not_in_profile)}. "
            "Add them only if you have that experience, to your profile first."
        )
    return suggestions


def ats_score(
    *,
    text: str,
    structured: Mapping[str, Any],
    document_type: DocumentType,
    keywords: Sequence[str],
    vocabulary: KeywordVocabulary,
    profile: TextTerms,
) -> AtsResult:
    """Score a document (`text`, its content_structured) against the job's `keywords` (job_keywords);
    `profile` is the profile's scanned text (profile_terms), which splits the missing keywords."""
    document = vocabulary.scan(text)
    present = {keyword: document.has(keyword) for keyword in keywords}
    matched = [keyword for keyword in keywords if present[keyword]]
    missing = [keyword for keyword in keywords if not present[keyword]]
    coverage = len(matched) / len(keywords) if keywords else 1.0
    parts = resume_parts(structured) if document_type == DocumentType.RESUME else letter_parts(structured)
    hints = RESUME_PARTS if document_type == DocumentType.RESUME else LETTER_PARTS
    words = len(text.split())
    fit = length_fit(words, document_type)
    score = (
        KEYWORD_WEIGHT * coverage + SECTION_WEIGHT * sum(parts.values()) / len(parts) + LENGTH_WEIGHT * fit
    )
    in_profile = tuple(keyword for keyword in missing if profile.has(keyword))
    not_in_profile = tuple(keyword for keyword in missing if not profile.has(keyword))
    suggestions = _suggestions(
        in_profile=in_profile, not_in_profile=not_in_profile, has_keywords=bool(keywords)
    )
    suggestions += [hints[name] for name, present in parts.items() if not present]
    if fit < 1:
        low, high = LENGTH_BANDS[document_type]
        suggestions.append(f"The document has {words} words; aim for {low}-{high}.")
    feedback = {
        "matched_keywords": matched,
        "missing_keywords": missing,
        "keyword_coverage": round(coverage, 3),
        "suggestions": suggestions,
    }
    return AtsResult(round(100 * score, 1), feedback, in_profile, not_in_profile)
