"""The employment type is read from the whole posting: contracts, fixed terms, engagements of N months,
seasonal and temporary work, part-time hours and internships, wherever the posting states them."""

from __future__ import annotations

import pytest

from app.domain.enums.job import EmploymentType
from app.domain.job_parsing.employment import employment_type, stated_employment_type
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary

FULL_TIME = EmploymentType.FULL_TIME
PART_TIME = EmploymentType.PART_TIME
CONTRACT = EmploymentType.CONTRACT
TEMPORARY = EmploymentType.TEMPORARY
INTERNSHIP = EmploymentType.INTERNSHIP


@pytest.fixture(scope="module")
def parser() -> DeterministicJobParser:
    return DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))


def test_a_contract_engineer_for_a_six_month_engagement_is_a_contract(parser: DeterministicJobParser):
    posting = (
        "Senior Data Engineer\nHalcyon Retail Group\nLondon, UK\n\n"
        "We are hiring a contract data engineer for a six-month engagement. You will work with four "
        "permanent engineers on our full-time data team."
    )
    assert parser.parse_text(posting).employment_type == CONTRACT


def test_a_type_stated_deep_in_the_body_counts(parser: DeterministicJobParser):
    posting = "\n\n".join(
        [
            "Research Project Officer\nCoastal Resilience Centre\nMelbourne, Australia",
            "We monitor erosion and flooding along the coast with local councils.",
            "You will coordinate field surveys and keep the project data in order.",
            "This is a 12-month fixed-term position (1.0 FTE), with the possibility of extension.",
        ]
    )
    assert parser.parse_text(posting).employment_type == CONTRACT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hiring a contract data engineer for a six-month engagement", CONTRACT),
        ("This is a contract role based in Leeds.", CONTRACT),
        ("This is a contract-to-hire opportunity.", CONTRACT),
        ("You'll start on a six-month contract through our staffing partner.", CONTRACT),
        ("This is a 12-month fixed-term position.", CONTRACT),
        ("A fixed term contract until June.", CONTRACT),
        ("We need an independent researcher for a 3-month engagement.", CONTRACT),
        ("An eighteen-month assignment with a global bank.", CONTRACT),
        ("A twelve month contract, extendable.", CONTRACT),
        ("An initial 6-month term, likely to extend.", CONTRACT),
        ("We are seeking a contract Python developer.", CONTRACT),
        ("These are seasonal roles for the 2025 winter season.", TEMPORARY),
        ("We are hiring seasonal crew for the ski lifts.", TEMPORARY),
        ("Temporary cover until March.", TEMPORARY),
        ("Maternity leave cover from January.", TEMPORARY),
        ("The role is 20 hours per week, Monday to Friday mornings.", PART_TIME),
        ("Shifts are 20-25 hours per week, mostly mornings.", PART_TIME),
        ("About twenty hours a week, flexible.", PART_TIME),
        ("Up to 16 hrs/week during term time.", PART_TIME),
        ("The post is 0.6 FTE.", PART_TIME),
        ("A part-time role.", PART_TIME),
        ("A four-month co-op placement from September.", INTERNSHIP),
        ("Our 12-week paid summer internship pairs you with a mentor.", INTERNSHIP),
        ("A placement year for second-year students.", INTERNSHIP),
        ("This is a full-time, 12-month fixed-term contract.", CONTRACT),
        ("This is a full-time, on-site position. Interns join us each summer.", FULL_TIME),
        ("Full-time, permanent.", FULL_TIME),
        ("A permanent position with a pension.", FULL_TIME),
        ("Full time here is 30 hours a week.", FULL_TIME),
    ],
)
def test_the_type_is_read_from_its_wording(text: str, kind: EmploymentType):
    assert employment_type(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "A track record of contract negotiation with large suppliers.",
        "You will report to the Contract Manager.",
        "You'll sit alongside four permanent engineers.",
        "We cook seasonal produce; 40 hours per week.",
        "The role is 37.5 hours per week.",
        "We answer every ticket within four hours.",
        "You will track contract compliance and pricing tiers.",
        "A three-year program funded by the research council.",
    ],
)
def test_words_that_name_no_type_are_not_read_as_one(text: str):
    assert employment_type(text) is None


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Contract", CONTRACT),
        ("Fixed-term", CONTRACT),
        ("Permanent", FULL_TIME),
        ("Seasonal", TEMPORARY),
        ("Part-time, 15 hours", PART_TIME),
        ("Internship", INTERNSHIP),
        ("Monday to Friday", None),
    ],
)
def test_a_label_states_the_type_with_a_bare_word(value: str, kind: EmploymentType | None):
    assert stated_employment_type(value) == kind


def test_the_label_wins_over_the_body(parser: DeterministicJobParser):
    posting = "Title: Data Engineer\nCompany: Acme\nJob type: Contract\n\nWe are a full-time team of ten."
    assert parser.parse_text(posting).employment_type == CONTRACT
