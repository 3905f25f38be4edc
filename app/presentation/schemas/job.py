"""Request and response models of the jobs API."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from app.application.dtos.job_dto import JobEdit, JobListPage, Page
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
from app.presentation.schemas.common import PageQuery, PaginationOut, Schema
from app.presentation.schemas.profile_fields import Declared
from app.presentation.schemas.profile_urls import has_http_scheme, http_uri

# The string lists of a job (requirements, benefits, keywords): at most this many entries each.
LIST_MAX = 100
LIST_ITEM_MAX = 1000
KEYWORD_MAX = 100
# applied_date: an ISO 8601 date or date-time, the zone optional (none = UTC). Checked before it is
# read, so that the declared pattern is the rule: unix times (a JSON number, or "20240101", which the
# reader took for 1970-08-23) are refused.
TIMESTAMP_PATTERN = (
    "^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    "(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{1,9})?)?"
    "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
)
TIMESTAMP_MAX = 35
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN.strip("^$"))


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _as_utc(value: datetime) -> datetime:
    """Timestamps without a zone are taken as UTC; others are converted to it."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _timestamp_text(value: object) -> object:
    if isinstance(value, datetime) or (isinstance(value, str) and _TIMESTAMP.fullmatch(value)):
        return value
    raise ValueError("must be an ISO 8601 date or date-time: YYYY-MM-DD[THH:MM[:SS[.f]]][Z|+HH:MM]")


def _job_url(value: str) -> str:
    """An http(s) URL stored as a URI (non-ASCII characters percent-encoded), 422 when malformed;
    other schemes, or none, are left to the service's 400 url_not_allowed."""
    if not has_http_scheme(value):
        return value
    uri = http_uri(value)
    if len(uri) > URL_MAX:
        raise ValueError(f"must be at most {URL_MAX} characters")
    return uri


def _drop_empty(items: list[str]) -> list[str]:
    return [item for item in items if item]


# Optional text where an empty string means "not given" (the mobile client sends "" for unused fields).
OptionalText = BeforeValidator(_blank_to_none)
Timestamp = Annotated[
    datetime,
    BeforeValidator(_timestamp_text),
    AfterValidator(_as_utc),
    Declared(
        pattern=TIMESTAMP_PATTERN,
        maxLength=TIMESTAMP_MAX,
        format=None,
        description="ISO 8601 date or date-time; without a zone it is UTC",
    ),
]
# Up to LIST_MAX strings each: trimmed, empty ones dropped (after counting).
TextList = Annotated[
    list[Annotated[str, StringConstraints(max_length=LIST_ITEM_MAX)]],
    Field(max_length=LIST_MAX),
    AfterValidator(_drop_empty),
]
KeywordList = Annotated[
    list[Annotated[str, StringConstraints(max_length=KEYWORD_MAX)]],
    Field(max_length=LIST_MAX),
    AfterValidator(_drop_empty),
]
JobUrl = Annotated[
    str,
    Field(max_length=URL_MAX),
    AfterValidator(_job_url),
    Declared(
        format="iri-reference",
        description="An http(s) URL (another scheme, or none, is 400 url_not_allowed); non-ASCII "
        "characters are percent-encoded. Empty: not given.",
    ),
]
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
    requirements: TextList | None = None
    benefits: TextList | None = None
    parsed_keywords: KeywordList | None = Field(
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

    # Blank is "not given"; otherwise RAW_TEXT_MIN characters at least.
    raw_text: Annotated[
        Annotated[
            RawText, Declared(minLength=None, anyOf=[{"minLength": RAW_TEXT_MIN}, {"pattern": r"^\s*$"}])
        ]
        | None,
        OptionalText,
    ] = None
    url: Annotated[JobUrl | None, OptionalText] = None
    source: Annotated[
        str | None, Field(max_length=50, description="The client's label, stored as sent when known")
    ] = None
    # A blank title or company is "not given" here: whatever is left once trimmed has a character.
    title: Annotated[Annotated[str, Field(max_length=TITLE_MAX)] | None, OptionalText] = None
    company: Annotated[Annotated[str, Field(max_length=COMPANY_MAX)] | None, OptionalText] = None

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
    # What is stored, as it is: list items come from the database unchanged (input was trimmed).
    model_config = ConfigDict(str_strip_whitespace=False)

    id: str
    user_id: int | None
    source: JobSource
    title: str
    company: str
    location: str | None
    description: str | None
    raw_text: str | None
    url: Annotated[str, Declared(format="uri", maxLength=URL_MAX)] | None
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


# What a list item holds, in order: JobOut's fields, which the database writes as pydantic would.
JOB_FIELDS = tuple(JobOut.model_fields)


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
    def json_of(cls, page: JobListPage) -> str:
        """The answer for a page the database wrote in final form with JOB_FIELDS: its items are
        spliced in as they are, the rest written as this model writes it (same keys, same order).
        A job reads the same byte for byte in the list and alone (tests compare them)."""
        pagination = PaginationOut.of(
            limit=page.limit, offset=page.offset, total=page.total, returned=page.jobs.count
        )
        tail = f'"total":{page.total},"pagination":{pagination.model_dump_json()}}}'
        return f'{{"jobs":{page.jobs.json},{tail}'

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
