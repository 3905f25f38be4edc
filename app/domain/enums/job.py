"""Enumerations of the jobs domain, spelled exactly as in the API contract."""

from enum import StrEnum


class JobSource(StrEnum):
    USER_CREATED = "user_created"
    TEXT_PARSED = "text_parsed"
    URL_SCRAPED = "url_scraped"
    API = "api"
    MOCK = "mock"  # browse feed only: never stored


class JobStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    DRAFT = "draft"


class ApplicationStatus(StrEnum):
    NOT_APPLIED = "not_applied"
    PREPARING = "preparing"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER_RECEIVED = "offer_received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    INTERNSHIP = "internship"
    TEMPORARY = "temporary"


# Client hints that name where a structured job came from: stored as `api`.
API_SOURCE_HINTS = frozenset({"api", "imported", "indeed", "linkedin", "glassdoor", "mock"})

# What a `source` hint (or a `GET /jobs?source=` value) stands for, aliases included.
SOURCE_ALIASES: dict[str, JobSource] = {
    "user_created": JobSource.USER_CREATED,
    "text_parsed": JobSource.TEXT_PARSED,
    "url_scraped": JobSource.URL_SCRAPED,
    "url_import": JobSource.URL_SCRAPED,
    **dict.fromkeys(API_SOURCE_HINTS, JobSource.API),
}
