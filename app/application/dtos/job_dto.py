"""Inputs and results of the job use cases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from app.domain.enums.job import ApplicationStatus, EmploymentType, JobStatus
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.domain.interfaces.serialized_rows import SerializedRows

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class JobDraft:
    """A create request: raw_text, url or structured fields; None means "not given"."""

    raw_text: str | None = None
    url: str | None = None
    source: str | None = None  # the client's hint only
    title: str | None = None
    company: str | None = None
    location: str | None = None
    description: str | None = None
    requirements: list[str] | None = None
    benefits: list[str] | None = None
    parsed_keywords: list[str] | None = None
    salary_range: str | None = None
    remote: bool | None = None
    employment_type: EmploymentType | None = None
    status: JobStatus | None = None
    application_status: ApplicationStatus | None = None
    applied_date: datetime | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class JobEdit:
    """A partial update: the fields present in the request, and the application-status move if any."""

    fields: Mapping[str, object] = field(default_factory=dict)
    application_status: ApplicationStatus | None = None


@dataclass(frozen=True, slots=True)
class JobListQuery:
    fields: tuple[str, ...]  # the Job attributes each item holds, in order
    filters: JobFilters = field(default_factory=JobFilters)
    sort: JobSort = field(default_factory=JobSort)
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class BrowseQuery:
    query: str | None = None
    location: str | None = None
    remote_only: bool = False
    employment_type: EmploymentType | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class JobListPage:
    jobs: SerializedRows
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class JobStats:
    total: int
    by_status: dict[JobStatus, int]
    by_application_status: dict[ApplicationStatus, int]
