"""SQLAlchemy implementation of the ExportRepository port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.export import Export, ExportFilter, ExportView
from app.domain.enums.export import ExportFormat, TemplateId
from app.infrastructure.database.models.export_model import UNFINISHED, exports_table
from app.infrastructure.database.models.job_model import jobs_table

_exports = exports_table.c
_jobs = jobs_table.c


def _kept(
    user_id: int, now: datetime, export_filter: ExportFilter | None = None
) -> list[ColumnElement[bool]]:
    conditions = [_exports.user_id == user_id, _exports.expires_at > now]
    if export_filter is None:
        return conditions
    for column, value in (
        (_exports.job_id, export_filter.job_id),
        (_exports.format, export_filter.format),
        (_exports.document_type, export_filter.document_type),
        (_exports.template, export_filter.template),
    ):
        if value is not None:
            conditions.append(column == value)
    return conditions


def _views() -> Select[Any]:
    return select(Export, _jobs.title, _jobs.company).outerjoin(jobs_table, _jobs.id == _exports.job_id)


class SqlAlchemyExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, export: Export) -> None:
        self._session.add(export)
        await self._session.flush()

    async def get(self, export_id: str, *, user_id: int | None) -> Export | None:
        statement = select(Export).where(_exports.id == export_id)
        if user_id is not None:
            statement = statement.where(_exports.user_id == user_id)
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def find_identical(
        self, generation_id: str, *, template: TemplateId, format: ExportFormat, options_hash: str
    ) -> Export | None:
        result = await self._session.execute(
            select(Export).where(
                _exports.generation_id == generation_id,
                _exports.template == template,
                _exports.format == format,
                _exports.options_hash == options_hash,
            )
        )
        return result.scalar_one_or_none()

    async def list_views(
        self, user_id: int, export_filter: ExportFilter, *, now: datetime, limit: int, offset: int
    ) -> list[ExportView]:
        result = await self._session.execute(
            _views()
            .where(*_kept(user_id, now, export_filter))
            .order_by(_exports.created_at.desc(), _exports.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [ExportView(export, job_title=title, company=company) for export, title, company in result]

    async def count(self, user_id: int, export_filter: ExportFilter, *, now: datetime) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(exports_table).where(*_kept(user_id, now, export_filter))
        )
        return int(total or 0)

    async def total_size(self, user_id: int, *, now: datetime, job_id: str | None = None) -> int:
        total = await self._session.scalar(
            select(func.coalesce(func.sum(_exports.file_size_bytes), 0)).where(
                *_kept(user_id, now, ExportFilter(job_id=job_id))
            )
        )
        return int(total or 0)

    async def first_expiry(self, user_id: int, *, now: datetime) -> datetime | None:
        first: datetime | None = await self._session.scalar(
            select(func.min(_exports.expires_at)).where(*_kept(user_id, now))
        )
        return first

    async def zips_holding(self, user_id: int, generation_ids: Sequence[str]) -> list[Export]:
        wanted = set(generation_ids)
        result = await self._session.execute(
            select(Export).where(_exports.user_id == user_id, _exports.format == ExportFormat.ZIP)
        )
        return [
            export
            for export in result.scalars()
            if wanted.intersection(export.details.get("generation_ids", []))
        ]

    async def delete(self, exports: Sequence[Export]) -> None:
        if exports:
            await self._session.execute(
                delete(exports_table).where(_exports.id.in_([export.id for export in exports]))
            )

    async def of_generations(self, generation_ids: Sequence[str]) -> list[Export]:
        if not generation_ids:
            return []
        result = await self._session.execute(select(Export).where(_exports.generation_id.in_(generation_ids)))
        return list(result.scalars())

    async def of_job(self, job_id: str, *, user_id: int) -> list[Export]:
        result = await self._session.execute(
            select(Export).where(_exports.user_id == user_id, _exports.job_id == job_id)
        )
        return list(result.scalars())

    async def expired(self, *, now: datetime, limit: int) -> list[Export]:
        result = await self._session.execute(
            select(Export).where(_exports.expires_at <= now).order_by(_exports.expires_at).limit(limit)
        )
        return list(result.scalars())

    async def unfinished(self, *, created_before: datetime | None = None) -> list[Export]:
        statement = select(Export).where(UNFINISHED)
        if created_before is not None:
            statement = statement.where(_exports.created_at < created_before)
        return list((await self._session.execute(statement)).scalars())
