"""A saved job posting, its application-status state machine and the history of its moves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from app.domain.enums.job import (
    STORABLE_SOURCES,
    ApplicationStatus,
    EmploymentType,
    JobSource,
    JobStatus,
)
from app.domain.errors import InvalidTransitionError, UrlNotAllowedError
from app.domain.ids import new_id
from app.domain.time import utc_now

TITLE_MAX = 200
COMPANY_MAX = 200
LOCATION_MAX = 200
DESCRIPTION_MAX = 10_000
RAW_TEXT_MIN = 10
RAW_TEXT_MAX = 15_000
URL_MAX = 2048
SALARY_MAX = 100
NOTES_MAX = 5000

_A = ApplicationStatus
ALLOWED_TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    _A.NOT_APPLIED: (_A.PREPARING, _A.APPLIED, _A.WITHDRAWN),
    _A.PREPARING: (_A.APPLIED, _A.NOT_APPLIED, _A.WITHDRAWN),
    _A.APPLIED: (_A.INTERVIEWING, _A.OFFER_RECEIVED, _A.REJECTED, _A.WITHDRAWN),
    _A.INTERVIEWING: (_A.OFFER_RECEIVED, _A.REJECTED, _A.WITHDRAWN),
    _A.OFFER_RECEIVED: (_A.ACCEPTED, _A.REJECTED, _A.WITHDRAWN),
    _A.ACCEPTED: (_A.NOT_APPLIED,),
    _A.REJECTED: (_A.NOT_APPLIED,),
    _A.WITHDRAWN: (_A.NOT_APPLIED,),
}

# Fields a PUT may set directly; application_status goes through the state machine instead.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "company",
        "location",
        "description",
        "requirements",
        "benefits",
        "parsed_keywords",
        "salary_range",
        "remote",
        "employment_type",
        "status",
        "applied_date",
        "notes",
    }
)


def require_web_url(url: str) -> str:
    """The URL itself when it is an absolute http(s) address; anything else is url_not_allowed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UrlNotAllowedError("Only http and https addresses can be fetched")
    return url


def stored_source(*, has_raw_text: bool, has_url: bool, hint: str | None) -> JobSource:
    """The client's own label when it sends a known one (a saved browse item is `imported`), else
    what the request carries: pasted text, a URL or structured fields."""
    label = (hint or "").strip().lower()
    if label == JobSource.MOCK:
        return JobSource.IMPORTED
    if label in STORABLE_SOURCES:
        return JobSource(label)
    if has_raw_text:
        return JobSource.TEXT_PARSED
    if has_url:
        return JobSource.URL_SCRAPED
    return JobSource.USER_CREATED


@dataclass(eq=False)
class JobStatusChange:
    """One row of a job's application-status history; `from_status` is None at creation."""

    id: str
    job_id: str
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    changed_at: datetime


@dataclass(eq=False)
class Job:
    """The aggregate: a job with its status history (oldest first) and the rules on changing it."""

    id: str
    user_id: int
    source: JobSource
    title: str
    company: str
    location: str | None = None
    description: str | None = None
    raw_text: str | None = None
    url: str | None = None
    parsed_keywords: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    salary_range: str | None = None
    remote: bool = False
    employment_type: EmploymentType = EmploymentType.FULL_TIME
    status: JobStatus = JobStatus.ACTIVE
    application_status: ApplicationStatus = ApplicationStatus.NOT_APPLIED
    applied_date: datetime | None = None
    notes: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    status_history: list[JobStatusChange] = field(default_factory=list)

    def record_creation(self) -> None:
        """Stamp a new job: starting as `applied` sets applied_date; creation is the first history row."""
        if self.application_status == ApplicationStatus.APPLIED and self.applied_date is None:
            self.applied_date = self.created_at
        self._record(None, self.application_status, self.created_at)

    def update(
        self,
        *,
        now: datetime,
        fields: Mapping[str, object],
        application_status: ApplicationStatus | None = None,
    ) -> bool:
        """Apply a partial edit; answers whether anything changed. An invalid move changes nothing."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        target = application_status if application_status != self.application_status else None
        if target is not None:
            self._check_transition(target)
        changed = False
        for name, value in fields.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed = True
        if target is not None:
            self._move(target, now=now, applied_date_given="applied_date" in fields)
            changed = True
        if changed:
            self.updated_at = now
        return changed

    def _check_transition(self, to: ApplicationStatus) -> None:
        allowed = ALLOWED_TRANSITIONS[self.application_status]
        if to not in allowed:
            names = ", ".join(status.value for status in allowed)
            raise InvalidTransitionError(
                f"Cannot move from {self.application_status.value} to {to.value}; "
                f"allowed next states: {names}"
            )

    def _move(self, to: ApplicationStatus, *, now: datetime, applied_date_given: bool) -> None:
        previous = self.application_status
        self.application_status = to
        if to == ApplicationStatus.APPLIED and not applied_date_given:
            self.applied_date = now
        self._record(previous, to, now)

    def _record(self, previous: ApplicationStatus | None, to: ApplicationStatus, now: datetime) -> None:
        self.status_history.append(
            JobStatusChange(id=new_id(), job_id=self.id, from_status=previous, to_status=to, changed_at=now)
        )
