"""The deterministic posting parser: 40 postings of many shapes with field-level expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums.job import EmploymentType
from app.domain.job_parsing.parser import DeterministicJobParser
from app.domain.job_parsing.signals import employment_type, is_fully_remote
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "job_postings"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())
FIELDS = (
    "title",
    "company",
    "location",
    "remote",
    "employment_type",
    "salary_range",
    "requirements",
    "benefits",
)


@pytest.fixture(scope="module")
def parser() -> DeterministicJobParser:
    return DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))


def test_there_are_at_least_25_fixture_postings_each_with_expectations():
    postings = sorted(path.name for path in FIXTURES.iterdir() if path.suffix in {".txt", ".md"})
    assert len(postings) >= 25
    assert postings == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_parser_reads_every_field_of_the_fixture_posting(parser: DeterministicJobParser, name: str):
    expected = EXPECTED[name]
    parsed = parser.parse_text((FIXTURES / name).read_text())
    wrong = {field: getattr(parsed, field) for field in FIELDS if getattr(parsed, field) != expected[field]}
    assert wrong == {}, f"expected { ({field: expected[field] for field in wrong}) }"
    assert set(expected.get("keywords_include", [])) <= set(parsed.parsed_keywords)
    assert not set(expected.get("keywords_exclude", [])) & set(parsed.parsed_keywords)
    assert len(parsed.parsed_keywords) <= 20


def test_requirement_and_benefit_sections_stay_out_of_the_description(parser: DeterministicJobParser):
    parsed = parser.parse_text((FIXTURES / "01-markdown-backend.md").read_text())
    assert parsed.description is not None
    assert "What you'll do" in parsed.description
    assert "Run our event pipeline on Apache Kafka" in parsed.description
    assert "401(k)" not in parsed.description
    assert "Solid experience with PostgreSQL" not in parsed.description


@pytest.mark.parametrize(
    ("text", "found", "absent"),
    [
        ("We are going to go far", [], ["Go"]),
        ("Services in Go and Python", ["Go", "Python"], []),
        ("C++, C# and .NET; Node.js on the side", ["C++", "C#", ".NET", "Node.js"], []),
        ("machine learning and deep learning", ["machine learning", "deep learning"], []),
        ("CI/CD pipelines with GitHub Actions", ["CI/CD", "GitHub Actions"], []),
        ("postgres, k8s and golang", ["PostgreSQL", "Kubernetes", "Go"], []),
        ("You will excel at this", [], ["Microsoft Excel"]),
        ("Advanced Excel and SQL", ["Microsoft Excel", "SQL"], []),
        ("Javascripting is not JavaScript", ["JavaScript"], []),
    ],
)
def test_keywords_are_whole_words_with_multi_word_and_punctuated_terms(
    parser: DeterministicJobParser, text: str, found: list[str], absent: list[str]
):
    keywords = parser.keywords(text)
    assert set(found) <= set(keywords)
    assert not set(absent) & set(keywords)


def test_keywords_come_in_order_of_appearance_and_at_most_20(parser: DeterministicJobParser):
    text = (
        "Python, SQL, AWS, Docker, Kubernetes, Terraform, React, TypeScript, Go, Rust, Java, Kotlin, "
        "Swift, Ruby, PHP, Scala, Elixir, Haskell, Perl, Lua, Dart, Julia"
    )
    keywords = parser.keywords(text)
    assert len(keywords) == 20
    assert keywords[:3] == ["Python", "SQL", "AWS"]


@pytest.mark.parametrize(
    ("text", "salary"),
    [
        ("Salary: $120k - $150k", "$120,000 - $150,000 per year"),
        ("Pay: $25-$30/hour", "$25 - $30 per hour"),
        ("€55.000 - €65.000 brutto", "€55,000 - €65,000 per year"),
        ("80k-100k EUR", "€80,000 - €100,000 per year"),
        ("£40-45k plus bonus", "£40,000 - £45,000 per year"),
        ("The salary is 45,000 GBP per annum", "£45,000 per year"),
        ("USD 100,000 - 120,000", "$100,000 - $120,000 per year"),
        ("between $50 and $60 an hour", "$50 - $60 per hour"),
        ("Compensation: $18.50 per hour", "$18.50 per hour"),
        ("€4.500 - €5.200 monthly", "€4,500 - €5,200 per month"),
        ("Rate: £450/day", "£450 per day"),
        ("We raised $20M in funding. Pay: $90,000 - $110,000", "$90,000 - $110,000 per year"),
        ("up to £60,000", "£60,000 per year"),
    ],
)
def test_salaries_are_read_in_several_currencies_styles_and_periods(
    parser: DeterministicJobParser, text: str, salary: str
):
    assert parser.parse_text(f"Engineer\nAcme\n\n{text}").salary_range == salary


@pytest.mark.parametrize(
    "text", ["Get a $5 coffee card on your first day", "CAD 90,000 - 110,000", "3-5 years"]
)
def test_figures_that_are_not_a_salary_in_a_known_currency_are_ignored(
    parser: DeterministicJobParser, text: str
):
    assert parser.parse_text(f"Engineer\nAcme\n\n{text}").salary_range is None


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        ("This role is fully remote.", True),
        ("We are a remote-first team; work from anywhere.", True),
        ("Hybrid: three days a week in the office.", False),
        ("This is an on-site role in Austin. Remote work is not possible.", False),
        ("Remote patient monitoring experience is a plus.", False),
        ("In-person at our clinic.", False),
    ],
)
def test_remote_is_true_only_for_fully_remote_work(text: str, remote: bool):
    assert is_fully_remote(text) is remote


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("This is a part-time role, 20 hours per week.", EmploymentType.PART_TIME),
        ("Summer internship for students.", EmploymentType.INTERNSHIP),
        ("A 6-month contract with a path to hire.", EmploymentType.CONTRACT),
        ("Freelance designer wanted.", EmploymentType.CONTRACT),
        ("Temporary cover until March.", EmploymentType.TEMPORARY),
        ("A seasonal position over the holidays.", EmploymentType.TEMPORARY),
        ("Full-time, permanent.", EmploymentType.FULL_TIME),
        ("We cook seasonal produce; 40 hours per week.", None),
    ],
)
def test_employment_type_words(text: str, kind: EmploymentType | None):
    assert employment_type(text) == kind


def test_without_a_company_line_the_company_is_unknown(parser: DeterministicJobParser):
    parsed = parser.parse_text("Warehouse associate wanted for nights. Lifting up to 50 lbs required.")
    assert parsed.company == "Unknown company"
    assert parsed.title
    assert parsed.employment_type == EmploymentType.FULL_TIME


def test_long_fields_are_cut_to_their_column_sizes(parser: DeterministicJobParser):
    parsed = parser.parse_text("T" * 300 + "\n" + "Body text. " * 1500)
    assert len(parsed.title) <= 200
    assert parsed.description is not None
    assert len(parsed.description) <= 10_000
