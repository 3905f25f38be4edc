"""The cover letter as a document: one `letter` section, the salutation and closing rules, plain text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.generation.letter import LetterDocument, compile_letter, long_date
from tests.unit.document_fixtures import HEADER, METADATA, TODAY, assert_shape, make_job, rich_profile

PARAGRAPHS = [
    "I am writing to apply for the Staff Backend Engineer role at Initech.",
    "At Acme Payments I led the ledger rewrite for 4 teams.",
    "I would welcome the chance to talk.",
]


def letter(**options: Any) -> LetterDocument:
    values: dict[str, Any] = {
        "paragraphs": PARAGRAPHS,
        "hiring_manager_name": "Ms. Rivera",
        "company_name": None,
        "closing": None,
        "today": TODAY,
        "top_experience_ids": ["e-current", "e-older"],
        "top_project_ids": ["pr-live"],
        "skills_highlighted": ["Python", "PostgreSQL"],
        "writing_style_applied": True,
    }
    values.update(options)
    return compile_letter(rich_profile(), make_job(), **values)


def test_a_letter_has_the_header_one_letter_section_and_the_metadata():
    structured = letter().content_structured

    assert set(structured) == {"header", "sections", "metadata"}
    assert_shape(structured["header"], HEADER)
    assert structured["header"]["name"] == "Jane Doe"
    assert structured["header"]["title"] == "Senior Backend Engineer"
    assert structured["sections"] == [
        {
            "type": "letter",
            "title": "Cover Letter",
            "date": "2025-06-01",
            "recipient": {"name": "Ms. Rivera", "company": "Initech"},
            "salutation": "Dear Ms. Rivera,",
            "paragraphs": PARAGRAPHS,
            "closing": "Sincerely,",
            "signature": "Jane Doe",
        }
    ]
    metadata = structured["metadata"]
    assert_shape(metadata, METADATA)
    assert metadata["document_type"] == "cover_letter"
    assert (metadata["job_title"], metadata["company"]) == ("Staff Backend Engineer", "Initech")
    assert metadata["top_skills"] == ["Python", "PostgreSQL"]
    assert metadata["total_years_experience"] == 10.0


def test_content_used_lists_what_the_letter_drew_on():
    assert letter().content_used == {
        "top_experiences": ["e-current", "e-older"],
        "top_projects": ["pr-live"],
        "skills_highlighted": ["Python", "PostgreSQL"],
        "writing_style_applied": True,
    }


@pytest.mark.parametrize(
    ("name", "salutation", "recipient"),
    [
        ("Ms. Rivera", "Dear Ms. Rivera,", "Ms. Rivera"),
        ("  Sam Lee ", "Dear Sam Lee,", "Sam Lee"),
        (None, "Dear Hiring Manager,", None),
        ("   ", "Dear Hiring Manager,", None),
    ],
)
def test_the_salutation_names_the_hiring_manager_or_the_role(name, salutation, recipient):
    section = letter(hiring_manager_name=name).content_structured["sections"][0]

    assert section["salutation"] == salutation
    assert section["recipient"]["name"] == recipient


def test_the_company_asked_for_replaces_the_jobs():
    document = letter(company_name=" Initech Europe ")

    assert document.content_structured["sections"][0]["recipient"]["company"] == "Initech Europe"
    assert document.content_structured["metadata"]["company"] == "Initech Europe"
    assert letter(company_name="").content_structured["metadata"]["company"] == "Initech"


@pytest.mark.parametrize(
    ("closing", "line"),
    [
        (None, "Sincerely,"),
        ("", "Sincerely,"),
        ("Best regards", "Best regards,"),
        ("Cheers!", "Cheers!"),
        ("Warm regards,", "Warm regards,"),
    ],
)
def test_the_closing_is_the_styles_habit_or_sincerely(closing, line):
    assert letter(closing=closing).content_structured["sections"][0]["closing"] == line


def test_blank_paragraphs_are_left_out():
    section = letter(paragraphs=["  First.  ", "", "   ", "Second."]).content_structured["sections"][0]

    assert section["paragraphs"] == ["First.", "Second."]


def test_the_plain_text_reads_as_a_letter():
    assert letter().content_text == (
        "Jane Doe\n"
        "Senior Backend Engineer\n"
        "jane@example.com | +49 30 1234567 | Berlin, Germany | https://linkedin.com/in/janedoe"
        " | https://github.com/janedoe\n"
        "\n"
        "June 1, 2025\n"
        "\n"
        "Ms. Rivera\n"
        "Initech\n"
        "\n"
        "Dear Ms. Rivera,\n"
        "\n"
        "I am writing to apply for the Staff Backend Engineer role at Initech.\n"
        "\n"
        "At Acme Payments I led the ledger rewrite for 4 teams.\n"
        "\n"
        "I would welcome the chance to talk.\n"
        "\n"
        "Sincerely,\n"
        "Jane Doe\n"
    )


def test_without_a_hiring_manager_the_recipient_block_is_the_company():
    text = letter(hiring_manager_name=None, closing="Kind regards").content_text

    assert "\n\nJune 1, 2025\n\nInitech\n\nDear Hiring Manager,\n\n" in text
    assert text.endswith("\n\nKind regards,\nJane Doe\n")


def test_the_date_is_written_out_in_full():
    assert long_date(date(2026, 12, 2)) == "December 2, 2026"
    assert long_date(date(2025, 1, 31)) == "January 31, 2025"
