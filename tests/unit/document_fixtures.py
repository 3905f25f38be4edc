"""A rich profile and a job for the document and truthfulness-guard tests, built from domain entities."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Certification, Education, Experience, Project
from app.domain.enums.job import JobSource
from app.domain.generation.ranked_content import ItemRelevance, RankedContent
from app.domain.job_parsing.skills import SkillVocabulary
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary

TODAY = date(2025, 6, 1)
ALIASES = {"postgres": "postgresql", "k8s": "kubernetes", "js": "javascript"}


@cache
def vocabulary() -> SkillVocabulary:
    return load_skill_vocabulary(SKILLS_PATH)


def canonical(skill: str) -> str:
    """A stand-in for the keyword vocabulary's canonical spelling: lower case, a few aliases."""
    folded = skill.casefold()
    return ALIASES.get(folded, folded)


def make_job(**overrides: Any) -> Job:
    values: dict[str, Any] = {
        "id": "0b9c56f1-1a2b-4c3d-8e9f-000000000001",
        "user_id": 1,
        "source": JobSource.USER_CREATED,
        "title": "Staff Backend Engineer",
        "company": "Initech",
        "description": "Initech builds payment infrastructure. We use Python, PostgreSQL and Kubernetes.",
        "parsed_keywords": ["Python", "PostgreSQL", "Kubernetes", "Mentoring"],
    }
    values.update(overrides)
    return Job(**values)


def current_job() -> Experience:
    return Experience(
        id="e-current",
        title="Senior Backend Engineer",
        company="Acme Payments GmbH",
        location="Berlin",
        start_date="2021-03-01",
        is_current=True,
        description="Led the ledger rewrite. Worked with the U.S. team.",
        enhanced_description=(
            "Led the ledger rewrite for 4 teams, e.g. billing and payouts. Cut settlement time by 40% and "
            "saved $1.2M a year by batching U.S. transfers. Raised test coverage to 3.5 times the old figure."
        ),
        achievements=["Partnered with Stripe to launch instant payouts for 30,000 merchants"],
        technologies=["Python", "Apache Kafka", "Postgres"],
        industry="Fintech",
    )


def older_job() -> Experience:
    return Experience(
        id="e-older",
        title="Software Engineer",
        company="Globex",
        location="Hamburg",
        start_date="2017-01-01",
        end_date="2021-02-28",
        description=(
            "- Built REST APIs in Django\n- Mentored 3 junior engineers\nShipped the invoicing service."
        ),
        achievements=[],
        technologies=["Django"],
        industry="E-commerce",
    )


def first_job() -> Experience:
    return Experience(
        id="e-first",
        title="Junior Developer",
        company="Hooli",
        start_date="2015-06-01",
        end_date="2017-06-30",  # overlaps the Globex years: counted once
        description="Maintained internal tools.",
        industry="fintech",
    )


def rich_profile(**overrides: Any) -> MasterProfile:
    values: dict[str, Any] = {
        "id": "p-1",
        "user_id": 1,
        "personal_info": {
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "phone": "+49 30 1234567",
            "location": "Berlin, Germany",
            "linkedin": "https://linkedin.com/in/janedoe",
            "github": "https://github.com/janedoe",
            "website": None,
        },
        "professional_summary": "Backend engineer who builds payment systems.",
        "enhanced_professional_summary": (
            "Backend engineer with 8 years of experience building payment systems in Python and PostgreSQL."
        ),
        "skills": {
            "technical": ["Docker", "Python", "AWS", "PostgreSQL", "Django"],
            "soft": ["Communication", "Mentoring"],
            "languages": [
                {"name": "German", "proficiency": "native"},
                {"name": "English", "proficiency": ""},
            ],
            "certifications": [
                Certification(
                    id="c-1",
                    name="Project Management Professional",
                    issuer="PMI",
                    date_obtained="2022-05-01",
                    expiry_date="2025-05-01",
                    credential_id="PMP-123",
                ).to_json()
            ],
        },
        "experiences": [older_job(), current_job(), first_job()],
        "education": [
            Education(
                id="ed-1",
                institution="Technical University of Munich",
                degree="BSc",
                field_of_study="Computer Science",
                start_date="2011-10-01",
                end_date="2015-09-30",
                gpa=3.7,
                honors=["Dean's list"],
            )
        ],
        "projects": [
            Project(
                id="pr-old",
                name="Ledger CLI",
                description="A command-line ledger.",
                enhanced_description="A command-line ledger for 2 currencies. Written in Python.",
                technologies=["Python"],
                github_url="https://github.com/janedoe/ledger",
                start_date="2019-01-01",
                end_date="2019-12-31",
                highlights=["Reached 500 GitHub stars"],
            ),
            Project(
                id="pr-live",
                name="Payout Simulator",
                description="Simulates payout batches.",
                technologies=["Go"],
                url="https://sim.example.com",
                start_date="2023-02-01",
                is_ongoing=True,
            ),
            Project(id="pr-undated", name="Notes", description="Notes on distributed systems."),
        ],
    }
    values.update(overrides)
    return MasterProfile(**values)


def ranking(experiences: list[str], projects: list[str]) -> RankedContent:
    """Items best first, as the ranking answers them (scores falling)."""

    def relevance(ids: list[str]) -> tuple[ItemRelevance, ...]:
        return tuple(
            ItemRelevance(item_id, 1 - index / 10, 0.5, 0.5, 0.5) for index, item_id in enumerate(ids)
        )

    return RankedContent(relevance(experiences), relevance(projects))


DATE = "date"  # a YYYY-MM-DD string
NULLABLE_DATE = "date|null"

# The contract's content_structured, as key -> type name.
HEADER = {
    "name": str,
    "title": "str|null",
    "email": str,
    "phone": "str|null",
    "location": "str|null",
    "linkedin": "str|null",
    "github": "str|null",
    "website": "str|null",
}
ENTRIES = {
    "experience": {
        "id": str,
        "title": str,
        "company": str,
        "location": "str|null",
        "start_date": DATE,
        "end_date": NULLABLE_DATE,
        "is_current": bool,
        "description": "str|null",
        "bullets": [str],
        "achievements": [str],
        "technologies": [str],
    },
    "projects": {
        "id": str,
        "name": str,
        "description": str,
        "technologies": [str],
        "url": "str|null",
        "start_date": NULLABLE_DATE,
        "end_date": NULLABLE_DATE,
        "highlights": [str],
    },
    "education": {
        "id": str,
        "degree": str,
        "field_of_study": str,
        "institution": str,
        "start_date": DATE,
        "end_date": NULLABLE_DATE,
        "gpa": "float|null",
        "honors": [str],
    },
    "certifications": {
        "id": str,
        "name": str,
        "issuer": str,
        "date": DATE,
        "expiry_date": NULLABLE_DATE,
        "credential_id": "str|null",
    },
}
METADATA = {
    "document_type": str,
    "job_id": str,
    "job_title": str,
    "company": str,
    "total_years_experience": float,
    "top_skills": [str],
    "industries": [str],
    "total_projects": int,
    "total_certifications": int,
}


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def assert_shape(value: Any, spec: Any, where: str = "") -> None:
    """`value` has exactly the keys of `spec` with values of the named types."""
    if isinstance(spec, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(spec), where
        for key, inner in spec.items():
            assert_shape(value[key], inner, f"{where}.{key}")
    elif isinstance(spec, list):
        assert isinstance(value, list), where
        for item in value:
            assert_shape(item, spec[0], where)
    elif spec == DATE:
        assert _is_date(value), where
    elif spec == NULLABLE_DATE:
        assert value is None or _is_date(value), where
    elif isinstance(spec, str):
        base, _, nullable = spec.partition("|")
        assert (nullable and value is None) or isinstance(value, {"str": str, "float": float}[base]), where
    else:
        assert type(value) is spec, where
