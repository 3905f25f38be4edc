"""SQLAlchemy implementation of the JobRepository port."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.domain.entities.job import Job, JobData
from app.domain.enums.job import ApplicationStatus, JobStatus
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.infrastructure.database.models.job_model import jobs_table

_jobs = jobs_table.c
# The list read model: every column but the history, straight into plain dataclasses.
_LIST_COLUMNS = [column for column in jobs_table.columns]


def _escape_like(term: str) -> str:
    return term.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _conditions(user_id: int, filters: JobFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [_jobs.user_id == user_id]
    for name in ("status", "application_status", "source", "employment_type", "remote"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(_jobs[name] == value)
    if filters.q:
        pattern = f"%{_escape_like(filters.q.lower())}%"
        conditions.append(
            func.lower(_jobs.title).like(pattern, escape="/")
            | func.lower(_jobs.company).like(pattern, escape="/")
            | func.lower(func.coalesce(_jobs.description, "")).like(pattern, escape="/")
        )
    return conditions


def _ordered(statement: Select[Any], sort: JobSort) -> Select[Any]:
    column = _jobs[sort.field.value]
    tie_breaker = _jobs.id
    if sort.descending:
        return statement.order_by(column.desc(), tie_breaker.desc())
    return statement.order_by(column.asc(), tie_breaker.asc())


class SqlAlchemyJobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, job: Job) -> None:
        self._session.add(job)
        await self._session.flush()

    async def get(self, job_id: str, *, user_id: int) -> Job | None:
        result = await self._session.execute(
            select(Job)
            .where(_jobs.id == job_id, _jobs.user_id == user_id)
            .options(selectinload(Job.status_history))  # type: ignore[arg-type]
        )
        return result.scalar_one_or_none()

    async def list_page(
        self, user_id: int, filters: JobFilters, sort: JobSort, *, limit: int, offset: int
    ) -> list[JobData]:
        statement = _ordered(select(*_LIST_COLUMNS).where(*_conditions(user_id, filters)), sort)
        result = await self._session.execute(statement.limit(limit).offset(offset))
        return [JobData(**row) for row in result.mappings()]

    async def count(self, user_id: int, filters: JobFilters) -> int:
        statement = select(func.count()).select_from(jobs_table).where(*_conditions(user_id, filters))
        return int(await self._session.scalar(statement) or 0)

    async def delete(self, job_id: str, *, user_id: int) -> bool:
        result = await self._session.execute(
            delete(jobs_table).where(_jobs.id == job_id, _jobs.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def count_by_status(self, user_id: int) -> list[tuple[JobStatus, ApplicationStatus, int]]:
        result = await self._session.execute(
            select(_jobs.status, _jobs.application_status, func.count())
            .where(_jobs.user_id == user_id)
            .group_by(_jobs.status, _jobs.application_status)
        )
        return [(JobStatus(row[0]), ApplicationStatus(row[1]), int(row[2])) for row in result.tuples()]
