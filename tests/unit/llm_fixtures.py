"""Builders for the language-model task tests: a profile, a job, its ranking, writing styles."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.enums.document_type import DocumentType
from app.domain.enums.job import JobSource
from app.domain.generation.llm_briefs import CoverLetterBrief, cover_letter_brief
from app.domain.generation.ranked_content import ItemRelevance, RankedContent
from app.domain.stylometry import analyze

TODAY = date(2026, 3, 2)

FORMAL_SAMPLE = """Dear Hiring Manager,

I am writing to express my sincere interest in the position advertised, which, in light of my considerable
experience in regulated financial environments, appears to be an exceptionally suitable opportunity for me.
Throughout my career, I have consistently demonstrated a commitment to rigorous engineering practice,
comprehensive documentation, and the careful stewardship of critical infrastructure across organisations.
Furthermore, my responsibilities have frequently encompassed the coordination of cross-functional
initiatives, the establishment of architectural standards, and the mentoring of junior colleagues.

I would welcome the opportunity to discuss my qualifications further at your convenience, and I remain
grateful for your consideration of this application. Consequently, I have enclosed my curriculum vitae,
which describes these responsibilities in considerably greater detail.

Sincerely,
Ana
"""

CASUAL_SAMPLE = """Hi there,

I'm really excited about this job. I've been building stuff for years. It's fun work. I love small teams.
We ship fast. I'd like to chat. Don't hesitate to ping me. It's a great fit. I'm ready.

Thanks,
Ana
"""


def style_of(sample: str) -> dict[str, Any]:
    """The WritingStyle document of a cover-letter sample, as the samples service stores it."""
    return {
        **analyze(sample, DocumentType.COVER_LETTER).as_dict(),
        "extraction_method": "stylometry",
        "model": None,
        "extracted_at": "2026-03-01T00:00:00Z",
    }


def make_profile() -> MasterProfile:
    current = Experience(
        title="Senior Backend Engineer",
        company="Acme Payments",
        start_date="2021-03-01",
        is_current=True,
        description=(
            "Led the migration of the billing platform to Kubernetes, cutting hosting costs by 30%. "
            "Built event-driven services in Python and PostgreSQL handling 2 million transactions a day."
        ),
        achievements=["Mentored 4 engineers"],
        technologies=["Python", "PostgreSQL", "Kubernetes", "Kafka"],
    )
    earlier = Experience(
        title="Software Engineer",
        company="Globex",
        start_date="2017-06-01",
        end_date="2021-02-01",
        description=(
            "I was responsible for developing REST APIs in Django for the logistics team. "
            "Successfully reduced page load times by 40% through various query tuning efforts."
        ),
        technologies=["Python", "Django", "Redis", "Terraform"],
    )
    project = Project(
        name="ledgerlite",
        description="An open-source double-entry bookkeeping library for Python with 1,200 GitHub stars.",
        technologies=["Python", "SQLite"],
    )
    return MasterProfile(
        user_id=1,
        personal_info={
            "full_name": "Ana Lima",
            "email": "ana@example.com",
            "phone": None,
            "location": "Porto",
        },
        professional_summary="Backend engineer helped to build payment systems in order to serve 3 markets.",
        experiences=[current, earlier],
        projects=[project],
        skills={
            "technical": ["Go", "Python", "PostgreSQL", "Kubernetes"],
            "soft": ["Mentoring"],
            "languages": [],
            "certifications": [],
        },
    )


def make_job(**overrides: Any) -> Job:
    fields: dict[str, Any] = {
        "id": "job-1",
        "user_id": 1,
        "source": JobSource.USER_CREATED,
        "title": "Staff Platform Engineer",
        "company": "Initech",
        "location": "Remote",
        "description": "Initech runs payments on Kubernetes. You will own our Python services.",
        "requirements": ["5+ years of backend work", "Kubernetes in production"],
        "parsed_keywords": ["Python", "Kubernetes", "PostgreSQL", "Terraform"],
    }
    return Job(**{**fields, **overrides})


def make_ranking(profile: MasterProfile) -> RankedContent:
    current, earlier = profile.experiences
    return RankedContent(
        experiences=(
            ItemRelevance(current.id, 0.91, 0.9, 0.9, 1.0, ("Python", "Kubernetes", "PostgreSQL")),
            ItemRelevance(earlier.id, 0.52, 0.5, 0.4, 0.4, ("Python", "Terraform")),
        ),
        projects=(ItemRelevance(profile.projects[0].id, 0.4, 0.4, 0.3, 0.1, ("Python",)),),
        keyword_matches={"Python": 3, "Kubernetes": 1, "PostgreSQL": 1, "Terraform": 1},
    )


def make_letter_brief(
    *, style: dict[str, Any] | None = None, job: Job | None = None, **options: Any
) -> CoverLetterBrief:
    profile = make_profile()
    return cover_letter_brief(
        profile, job or make_job(), make_ranking(profile), style=style, today=TODAY, **options
    )
