"""Tables of the jobs context, mapped imperatively onto the domain dataclasses."""

from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
    text,
)
from sqlalchemy.orm import relationship

from app.domain.entities.job import (
    COMPANY_MAX,
    LOCATION_MAX,
    SALARY_MAX,
    TITLE_MAX,
    URL_MAX,
    Job,
    JobStatusChange,
)
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    updated_at_column,
    user_id_column,
)
from app.infrastructure.database.row_json import STRING_LIST
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString, string_enum


def _string_list(name: str) -> Column[object]:
    return Column(
        name,
        JsonType,
        nullable=False,
        default=list,
        server_default=text("'[]'"),
        info={STRING_LIST: True},  # list pages write it afresh (row_json)
    )


def _enum_column(name: str, default: StrEnum, length: int) -> Column[object]:
    return Column(
        name,
        string_enum(type(default), length=length),
        nullable=False,
        default=default,
        server_default=default.value,
    )


jobs_table = Table(
    "jobs",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("source", string_enum(JobSource, length=20), nullable=False),
    Column("title", String(TITLE_MAX), nullable=False),
    Column("company", String(COMPANY_MAX), nullable=False),
    Column("location", String(LOCATION_MAX)),
    Column("description", Text),
    Column("raw_text", Text),
    Column("url", String(URL_MAX)),
    _string_list("parsed_keywords"),
    _string_list("requirements"),
    _string_list("benefits"),
    Column("salary_range", String(SALARY_MAX)),
    Column("remote", Boolean, nullable=False, default=False, server_default=false()),
    _enum_column("employment_type", EmploymentType.FULL_TIME, 20),
    _enum_column("status", JobStatus.ACTIVE, 10),
    _enum_column("application_status", ApplicationStatus.NOT_APPLIED, 20),
    Column("applied_date", UtcDateTime()),
    Column("notes", Text),
    created_at_column(),
    updated_at_column(),
    Index(None, "user_id", "created_at", "id"),  # the default order, ties broken by id, read in place
    Index(None, "user_id", "status"),
    Index(None, "user_id", "application_status"),
    Index(None, "user_id", "source"),
)

# How many jobs each user has, kept exact by triggers on jobs (migration 0005) in the same
# transaction as the insert or delete, so an unfiltered list needs no count over the user's rows.
job_counts_table = Table(
    "job_counts",
    metadata,
    user_id_column(primary_key=True),
    Column("total", Integer, nullable=False),
)

# How many jobs each user has per (status, application status), kept exact by triggers on jobs
# (migration 0006) like job_counts, so GET /jobs/stats reads a few rows by primary key. A pair whose
# jobs all went keeps its row at 0.
job_status_counts_table = Table(
    "job_status_counts",
    metadata,
    user_id_column(),
    Column("status", String(10), nullable=False),
    Column("application_status", String(20), nullable=False),
    Column("total", Integer, nullable=False),
    PrimaryKeyConstraint("user_id", "status", "application_status"),
)

# Search (GET /jobs?q=) is served by engine-specific structures made by migration 0006 and kept out of
# this metadata: the FTS5 table `jobs_search` on SQLite (rowids of jobs; shadow tables jobs_search_*),
# pg_trgm GIN indexes on PostgreSQL (names below).
SQLITE_SEARCH_TABLE = "jobs_search"
POSTGRES_SEARCH_INDEXES = ("ix_jobs_title_trgm", "ix_jobs_company_trgm", "ix_jobs_description_trgm")

job_status_history_table = Table(
    "job_status_history",
    metadata,
    Column("id", UuidString(), primary_key=True),
    Column("job_id", UuidString(), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    Column("from_status", string_enum(ApplicationStatus, length=20)),
    Column("to_status", string_enum(ApplicationStatus, length=20), nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
    Index(None, "job_id", "changed_at"),
)

mapper_registry.map_imperatively(JobStatusChange, job_status_history_table)
mapper_registry.map_imperatively(
    Job,
    jobs_table,
    properties={
        "status_history": relationship(
            JobStatusChange,
            lazy="raise",
            order_by=job_status_history_table.c.changed_at,
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    },
)
