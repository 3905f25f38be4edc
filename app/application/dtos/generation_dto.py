"""Commands and results of the generation use cases (rankings, documents, enhancement)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.ranking import JobContentRanking
from app.domain.interfaces.serialized_rows import SerializedRows


@dataclass(frozen=True)
class Target:
    """The job a document is for and the profile it is made from (None: the primary profile)."""

    job_id: str
    profile_id: str | None = None


@dataclass(frozen=True)
class ResumeOptions:
    max_experiences: int = 5
    max_projects: int = 3
    include_summary: bool = True
    custom_prompt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CoverLetterOptions:
    company_name: str | None = None
    hiring_manager_name: str | None = None
    max_paragraphs: int = 4
    custom_prompt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


DocumentOptions = ResumeOptions | CoverLetterOptions


@dataclass(frozen=True)
class Sources:
    """What a ranking or a document is made from, read in one read-only unit of work."""

    job: Job
    profile: MasterProfile
    ranking: JobContentRanking | None


@dataclass(frozen=True)
class GenerationPage:
    items: SerializedRows
    total: int


@dataclass(frozen=True)
class EnhanceResult:
    profile_id: str
    professional_summary: str | None
    experiences_enhanced: int
    projects_enhanced: int
    llm_metadata: dict[str, Any]
    writing_style_used: dict[str, Any]
    created_at: datetime
