"""Persistence port for saved jobs and their status history."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.domain.entities.job import Job
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.domain.interfaces.serialized_rows import SerializedRows


@dataclass(frozen=True, slots=True)
class JobFilters:
    status: JobStatus | None = None
    application_status: ApplicationStatus | None = None
    source: JobSource | None = None
    employment_type: EmploymentType | None = None
    remote: bool | None = None
    q: str | None = None  # case-insensitive, in title, company or description


class JobSortField(StrEnum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    TITLE = "title"
    COMPANY = "company"


@dataclass(frozen=True, slots=True)
class JobSort:
    field: JobSortField = JobSortField.CREATED_AT
    descending: bool = True

    @classmethod
    def parse(cls, value: str) -> JobSort:
        """`-created_at` is newest first; `title` is A to Z."""
        return cls(JobSortField(value.removeprefix("-")), descending=value.startswith("-"))


class JobRepository(Protocol):
    async def add(self, job: Job) -> None:
        """Stage a new job with its history rows."""

    async def get(self, job_id: str, *, user_id: int) -> Job | None:
        """The user's job with its status history, or None (unknown or someone else's)."""

    async def get_detached(self, job_id: str, *, user_id: int) -> Job | None:
        """The user's job without its status history, not tracked by the unit of work (changes to it
        are never saved): what documents are made from, in one point read."""

    async def list_page(
        self,
        user_id: int,
        filters: JobFilters,
        sort: JobSort,
        *,
        limit: int,
        offset: int,
        fields: tuple[str, ...],
    ) -> tuple[SerializedRows, int]:
        """One page of the user's jobs, each an object of the Job attributes named by `fields`, in
        that order, in final form (see SerializedRows), and how many match in all (read-only units
        of work only)."""

    async def count(self, user_id: int, filters: JobFilters) -> int:
        """How many of the user's jobs match (read-only units of work only)."""

    async def delete(self, job_id: str, *, user_id: int) -> bool:
        """Delete the user's job (its history goes with it); False when there was none."""

    async def count_by_status(self, user_id: int) -> list[tuple[JobStatus, ApplicationStatus, int]]:
        """How many jobs the user has for each (status, application_status) pair present."""
