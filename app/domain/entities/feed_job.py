"""The public browse feed: read-only sample postings that every visitor sees."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.domain.job_parsing.parsed_job import ParsedJob


def feed_job_id(title: str, company: str, location: str | None) -> str:
    """Stable across restarts: `mock-` and 16 hex digits of SHA-256 of `title|company|location`."""
    digest = hashlib.sha256(f"{title}|{company}|{location or ''}".encode()).hexdigest()
    return f"mock-{digest[:16]}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedJob(ParsedJob):
    """A browse posting (a posting's fields and when it was posted), shaped like a job of nobody."""

    posted_at: datetime

    user_id: ClassVar[None] = None
    raw_text: ClassVar[None] = None
    url: ClassVar[None] = None
    applied_date: ClassVar[None] = None
    notes: ClassVar[None] = None
    source: ClassVar[JobSource] = JobSource.MOCK
    status: ClassVar[JobStatus] = JobStatus.ACTIVE
    application_status: ClassVar[ApplicationStatus] = ApplicationStatus.NOT_APPLIED

    @property
    def id(self) -> str:
        return feed_job_id(self.title, self.company, self.location)

    @property
    def created_at(self) -> datetime:
        return self.posted_at

    @property
    def updated_at(self) -> datetime:
        return self.posted_at


class BrowseFeed:
    """The feed in memory, newest first, with its filters."""

    def __init__(self, jobs: Iterable[FeedJob]) -> None:
        self._jobs = sorted(jobs, key=lambda job: job.posted_at, reverse=True)
        duplicates = sorted(
            job_id for job_id, seen in Counter(job.id for job in self._jobs).items() if seen > 1
        )
        if duplicates:
            raise ValueError(f"two postings share title, company and location (ids {', '.join(duplicates)})")
        self._haystacks = [
            " ".join([job.title, job.company, job.description or "", *job.parsed_keywords]).lower()
            for job in self._jobs
        ]

    def __len__(self) -> int:
        return len(self._jobs)

    def search(
        self,
        *,
        query: str | None = None,
        location: str | None = None,
        remote_only: bool = False,
        employment_type: EmploymentType | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[FeedJob], int]:
        """One page of matching postings and how many match in all."""
        terms = query.lower().split() if query else []
        place = location.lower() if location else None
        matches = [
            job
            for job, haystack in zip(self._jobs, self._haystacks, strict=True)
            if all(term in haystack for term in terms)
            and (place is None or place in (job.location or "").lower())
            and (not remote_only or job.remote)
            and (employment_type is None or job.employment_type == employment_type)
        ]
        return matches[offset : offset + limit], len(matches)
