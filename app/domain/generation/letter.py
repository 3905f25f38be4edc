"""The cover letter as a document: its body paragraphs (written through the LLM port and checked by
the truthfulness guard) framed with the header, date, recipient, salutation, closing and signature.

`content_structured` has the resume's header and metadata (document_type cover_letter) and exactly one
section, `letter` (contract 6.3); `content_text` is the letter as it would be sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.generation.resume import Structured, header_lines, header_of, metadata_of

DEFAULT_CLOSING = "Sincerely,"
DEFAULT_RECIPIENT = "Hiring Manager"
_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


@dataclass(frozen=True)
class LetterDocument:
    content_text: str
    content_structured: Structured
    content_used: dict[str, Any]


def salutation(hiring_manager_name: str | None) -> str:
    """`Dear <name>,`, or `Dear Hiring Manager,` without a name."""
    return f"Dear {(hiring_manager_name or '').strip() or DEFAULT_RECIPIENT},"


def closing_line(closing: str | None) -> str:
    """The closing as a letter ends on it: `Sincerely,` by default, a comma added after a word."""
    text = (closing or "").strip() or DEFAULT_CLOSING
    return f"{text}," if text[-1].isalnum() else text


def long_date(day: date) -> str:
    """`May 1, 2025`: the date as the letter's text shows it."""
    return f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def compile_letter(
    profile: MasterProfile,
    job: Job,
    *,
    paragraphs: Sequence[str],
    hiring_manager_name: str | None,
    company_name: str | None,
    closing: str | None,
    today: date,
    top_experience_ids: Sequence[str],
    top_project_ids: Sequence[str],
    skills_highlighted: Sequence[str],
    writing_style_applied: bool,
) -> LetterDocument:
    """The cover letter for `job` around `paragraphs` (blank ones left out); `company_name` overrides
    the job's company, `closing` the default `Sincerely,` (a writing style's habit)."""
    header = header_of(profile)
    company = (company_name or "").strip() or job.company
    recipient = (hiring_manager_name or "").strip() or None
    body = [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]
    letter: Structured = {
        "type": "letter",
        "title": "Cover Letter",
        "date": today.isoformat(),
        "recipient": {"name": recipient, "company": company},
        "salutation": salutation(recipient),
        "paragraphs": body,
        "closing": closing_line(closing),
        "signature": header["name"],
    }
    structured: Structured = {
        "header": header,
        "sections": [letter],
        "metadata": metadata_of(
            profile,
            job,
            document_type="cover_letter",
            company=company,
            top_skills=skills_highlighted,
            today=today,
        ),
    }
    used = {
        "top_experiences": list(top_experience_ids),
        "top_projects": list(top_project_ids),
        "skills_highlighted": list(skills_highlighted),
        "writing_style_applied": writing_style_applied,
    }
    return LetterDocument(letter_text(structured), structured, used)


def letter_text(structured: Structured) -> str:
    """The letter as plain text: header, date, recipient, salutation, paragraphs, closing, signature."""
    letter = structured["sections"][0]
    recipient = letter["recipient"]
    blocks = [
        "\n".join(header_lines(structured["header"])),
        long_date(date.fromisoformat(letter["date"])),
        "\n".join(line for line in (recipient["name"], recipient["company"]) if line),
        letter["salutation"],
        *letter["paragraphs"],
        f"{letter['closing']}\n{letter['signature']}",
    ]
    return "\n\n".join(blocks) + "\n"
