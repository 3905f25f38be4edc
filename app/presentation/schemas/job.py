"""Request and response models of the jobs API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from app.application.dtos.job_dto import JobEdit, Page
from app.domain.entities.job import (
    COMPANY_MAX,
    DESCRIPTION_MAX,
    LOCATION_MAX,
    NOTES_MAX,
    RAW_TEXT_MAX,
    RAW_TEXT_MIN,
    SALARY_MAX,
    TITLE_MAX,
    URL_MAX,
)
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.presentation.schemas.common import PageQuery, PaginationOut, Schema, StrList


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _as_utc(value: datetime) -> datetime:
    """Timestamps without a zone are taken as UTC; others are converted to it."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Optional text where an empty string means "not given" (the mobile client sends "" for unused fields).
OptionalText = BeforeValidator(_blank_to_none)
Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
Company = Annotated[str, Field(min_length=1, max_length=COMPANY_MAX)]
Location = Annotated[Annotated[str, Field(max_length=LOCATION_MAX)] | None, OptionalText]
Description = Annotated[Annotated[str, Field(max_length=DESCRIPTION_MAX)] | None, OptionalText]
Salary = Annotated[Annotated[str, Field(max_length=SALARY_MAX)] | None, OptionalText]
Notes = Annotated[Annotated[str, Field(max_length=NOTES_MAX)] | None, OptionalText]
RawText = Annotated[str, Field(min_length=RAW_TEXT_MIN, max_length=RAW_TEXT_MAX)]
# GET /jobs?source= takes a stored value only: any source but the browse feed's `mock`.
SourceFilter = Literal[
    "user_created",
    "text_parsed",
    "url_scraped",
    "api",
    "imported",
    "indeed",
    "linkedin",
    "glassdoor",
    "url_import",
]
JobSortParam = Literal[
    "created_at", "-created_at", "updated_at", "-updated_at", "title", "-title", "company", "-company"
]


class _JobFields(Schema):
    """The optional fields create and update share."""

    location: Location = None
    description: Description = None
    requirements: StrList | None = None
    benefits: StrList | None = None
    parsed_keywords: StrList | None = Field(
        default=None, description="Absent on create: extracted by the server"
    )
    salary_range: Salary = None
    remote: bool | None = None
    employment_type: EmploymentType | None = None
    status: JobStatus | None = None
    application_status: ApplicationStatus | None = None
    applied_date: Timestamp | None = None
    notes: Notes = None


class JobCreate(_JobFields):
    """One of: raw_text, url, or title and company; every other field is optional in all three."""

    raw_text: Annotated[RawText | None, OptionalText] = None
    url: Annotated[Annotated[str, Field(max_length=URL_MAX)] | None, OptionalText] = None
    source: Annotated[
        str | None, Field(max_length=50, description="The client's label, stored as sent when known")
    ] = None
    title: Annotated[Title | None, OptionalText] = None
    company: Annotated[Company | None, OptionalText] = None

    @model_validator(mode="after")
    def _one_form(self) -> JobCreate:
        if self.raw_text is None and self.url is None and not (self.title and self.company):
            raise ValueError("Send raw_text, url, or both title and company")
        return self


# Columns that may be cleared with null; a null for any other field leaves it unchanged.
_NULLABLE = frozenset({"location", "description", "salary_range", "applied_date", "notes"})


class JobUpdate(_JobFields):
    """Partial: only the fields present change; raw_text, url and source are ignored."""

    title: Title | None = None
    company: Company | None = None

    def to_edit(self) -> JobEdit:
        present = {name: getattr(self, name) for name in self.model_fields_set}
        application_status = present.pop("application_status", None)
        fields = {name: value for name, value in present.items() if value is not None or name in _NULLABLE}
        return JobEdit(fields=fields, application_status=application_status)


class ParseRequest(Schema):
    raw_text: RawText


class JobListParams(PageQuery):
    status: JobStatus | None = None
    application_status: ApplicationStatus | None = None
    source: SourceFilter | None = Field(default=None, description="Exactly this stored source")
    employment_type: EmploymentType | None = None
    remote: bool | None = None
    q: Annotated[
        str | None, Field(max_length=200, description="Case-insensitive, in title/company/description")
    ] = None
    sort: JobSortParam = "-created_at"

    @property
    def stored_source(self) -> JobSource | None:
        return JobSource(self.source) if self.source else None


class BrowseParams(PageQuery):
    query: Annotated[str | None, Field(max_length=200, description="Every word must match")] = None
    location: Annotated[str | None, Field(max_length=200)] = None
    remote: bool = Field(default=False, description="true: remote postings only; false: no filter")
    employment_type: EmploymentType | None = None


class JobOut(Schema):
    id: str
    user_id: int | None
    source: JobSource
    title: str
    company: str
    location: str | None
    description: str | None
    raw_text: str | None
    url: str | None
    parsed_keywords: list[str]
    requirements: list[str]
    benefits: list[str]
    salary_range: str | None
    remote: bool
    employment_type: EmploymentType
    status: JobStatus
    application_status: ApplicationStatus
    applied_date: datetime | None
    notes: str | None
    created_at: datetime
    updated_at: datetime


class StatusChangeOut(Schema):
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    changed_at: datetime


class JobDetailOut(JobOut):
    status_history: list[StatusChangeOut] = Field(description="Oldest first; from_status is null at creation")


class JobListOut(Schema):
    jobs: list[JobOut]
    total: int
    pagination: PaginationOut

    @classmethod
    def of(cls, page: Page[Any]) -> JobListOut:
        return cls(
            jobs=[JobOut.model_validate(job) for job in page.items],
            total=page.total,
            pagination=PaginationOut.of(
                limit=page.limit, offset=page.offset, total=page.total, returned=len(page.items)
            ),
        )


class JobStatsOut(Schema):
    total: int
    by_status: dict[JobStatus, int]
    by_application_status: dict[ApplicationStatus, int]


class ParsedJobOut(Schema):
    title: str
    company: str
    location: str | None
    description: str | None
    requirements: list[str]
    benefits: list[str]
    parsed_keywords: list[str]
    salary_range: str | None
    remote: bool
    employment_type: EmploymentType
    source: Literal["text_parsed"] = "text_parsed"
