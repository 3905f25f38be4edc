"""content_structured documents for the renderer tests, compiled by the domain as a generation would."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.generation.letter import compile_letter
from app.domain.generation.resume import compile_resume
from tests.unit.document_fixtures import TODAY, canonical, make_job, ranking, rich_profile

JOB_TERMS = frozenset({"python", "postgresql", "kubernetes", "mentoring"})
LETTER_PARAGRAPHS = [
    "I am writing to apply for the Staff Backend Engineer role at Initech. Your work on payment "
    "infrastructure is close to what I have built for the last eight years, and I would like to bring "
    "that experience to your platform team.",
    "At Acme Payments I led the ledger rewrite for 4 teams and cut settlement time by 40%. I partnered "
    "with Stripe to launch instant payouts for 30,000 merchants, and I raised test coverage across the "
    "services my team owns.",
    "Before that, at Globex, I built REST APIs in Django, shipped the invoicing service and mentored three "
    "junior engineers. I enjoy making systems simpler to run and easier for the next person to change.",
    "I would welcome the chance to talk about how I could help Initech. Thank you for your time.",
]
_DUTIES = (
    "Designed the event pipeline that moves {n} million records a day between the ledger and reporting.",
    "Cut the p99 latency of the payments API from 900 ms to {n}0 ms by batching database writes.",
    "Mentored {n} engineers through their first on-call rotations and wrote the team's runbooks.",
    "Replaced a nightly batch job with streaming updates, so finance sees balances within {n} minutes.",
    "Led the migration of {n} services to Kubernetes with zero customer-facing downtime.",
)


def short_resume() -> dict[str, Any]:
    """Jane Doe's resume for the Initech job: one page."""
    return _resume(rich_profile(), max_experiences=2, max_projects=1)


def long_resume() -> dict[str, Any]:
    """A senior profile with many jobs and projects: runs onto a second page."""
    base = rich_profile()
    extra = [
        Experience(
            id=f"e-extra-{n}",
            title=f"Backend Engineer {n}",
            company=f"Company Number {n} Ltd",
            location="Munich",
            start_date=f"20{10 - n:02d}-01-01",
            end_date=f"20{11 - n:02d}-01-01",
            description=" ".join(duty.format(n=n + 2) for duty in _DUTIES),
            technologies=["Python", "PostgreSQL", "Kafka"],
        )
        for n in range(1, 3)
    ]
    projects = [
        *base.projects,
        Project(
            id="pr-extra",
            name="Open Ledger Format",
            description="A file format for exchanging ledgers between banks. Adopted by 3 fintechs.",
            technologies=["Rust", "Protocol Buffers"],
            url="https://ledger.example.org",
            start_date="2020-01-01",
            end_date="2021-06-30",
            highlights=["Presented at PyCon DE 2021"],
        ),
    ]
    profile = replace(base, experiences=[*base.experiences, *extra], projects=projects)
    return _resume(profile, max_experiences=6, max_projects=4)


def cover_letter() -> dict[str, Any]:
    """Jane Doe's letter to Initech, addressed to a hiring manager."""
    document = compile_letter(
        rich_profile(),
        make_job(),
        paragraphs=LETTER_PARAGRAPHS,
        hiring_manager_name="Ms. Rivera",
        company_name=None,
        closing=None,
        today=TODAY,
        top_experience_ids=["e-current"],
        top_project_ids=[],
        skills_highlighted=["Python", "PostgreSQL"],
        writing_style_applied=False,
    )
    return document.content_structured


def _resume(profile: MasterProfile, *, max_experiences: int, max_projects: int) -> dict[str, Any]:
    ids = [experience.id for experience in profile.experiences]
    document = compile_resume(
        profile,
        make_job(),
        ranking(ids, [project.id for project in profile.projects]),
        max_experiences=max_experiences,
        max_projects=max_projects,
        include_summary=True,
        job_terms=JOB_TERMS,
        canonical=canonical,
        today=TODAY,
    )
    return document.content_structured
