"""Enumerations of the jobs domain, spelled exactly as in the API contract."""

from enum import StrEnum


class JobSource(StrEnum):
    USER_CREATED = "user_created"
    TEXT_PARSED = "text_parsed"
    URL_SCRAPED = "url_scraped"
    API = "api"
    IMPORTED = "imported"
    INDEED = "indeed"
    LINKEDIN = "linkedin"
    GLASSDOOR = "glassdoor"
    URL_IMPORT = "url_import"
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


# The labels a client may send and get back unchanged: every source but the browse feed's own.
STORABLE_SOURCES = frozenset(JobSource) - {JobSource.MOCK}
