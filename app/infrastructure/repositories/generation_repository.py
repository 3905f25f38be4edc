"""SQLAlchemy implementation of the GenerationRepository port."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.generation import Generation, GenerationFilter, GenerationView
from app.domain.enums.generation import GenerationStatus
from app.infrastructure.database.models.generation_model import generations_table
from app.infrastructure.database.models.job_model import jobs_table

_generations = generations_table.c
_jobs = jobs_table.c
_UNFINISHED = (GenerationStatus.PENDING, GenerationStatus.GENERATING)


def _owned_by(user_id: int, generation_filter: GenerationFilter | None = None) -> list[ColumnElement[bool]]:
    conditions = [_generations.user_id == user_id]
    if generation_filter is None:
        return conditions
    if generation_filter.document_type is not None:
        conditions.append(_generations.document_type == generation_filter.document_type)
    if generation_filter.job_id is not None:
        conditions.append(_generations.job_id == generation_filter.job_id)
    if generation_filter.status is not None:
        conditions.append(_generations.status == generation_filter.status)
    return conditions


def _views() -> Select[Any]:
    return select(Generation, _jobs.title, _jobs.company).join(jobs_table, _jobs.id == _generations.job_id)


def _view(row: Any) -> GenerationView:
    generation, title, company = row
    return GenerationView(generation=generation, job_title=title, company=company)


class SqlAlchemyGenerationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, generation: Generation) -> None:
        self._session.add(generation)
        await self._session.flush()

    async def get(self, generation_id: str, *, user_id: int) -> Generation | None:
        result = await self._session.execute(
            select(Generation).where(_generations.id == generation_id, *_owned_by(user_id))
        )
        return result.scalar_one_or_none()

    async def get_view(self, generation_id: str, *, user_id: int) -> GenerationView | None:
        result = await self._session.execute(
            _views().where(_generations.id == generation_id, *_owned_by(user_id))
        )
        row = result.first()
        return None if row is None else _view(row)

    async def list_views(
        self, user_id: int, generation_filter: GenerationFilter, *, limit: int, offset: int
    ) -> list[GenerationView]:
        result = await self._session.execute(
            _views()
            .where(*_owned_by(user_id, generation_filter))
            .order_by(_generations.created_at.desc(), _generations.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_view(row) for row in result]

    async def count(self, user_id: int, generation_filter: GenerationFilter) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(generations_table).where(*_owned_by(user_id, generation_filter))
        )
        return int(total or 0)

    async def ids_for_job(self, job_id: str, *, user_id: int) -> list[str]:
        result = await self._session.execute(
            select(_generations.id).where(_generations.job_id == job_id, *_owned_by(user_id))
        )
        return list(result.scalars())

    async def delete(self, generation_id: str, *, user_id: int) -> bool:
        result = await self._session.execute(
            delete(generations_table)
            .where(_generations.id == generation_id, *_owned_by(user_id))
            .returning(_generations.id)
        )
        return result.first() is not None

    async def fail_unfinished(self, *, error_code: str, message: str, now: datetime) -> int:
        result = await self._session.execute(
            update(generations_table)
            .where(_generations.status.in_(_UNFINISHED))
            .values(
                status=GenerationStatus.FAILED, error_code=error_code, error_message=message, updated_at=now
            )
            .returning(_generations.id)
        )
        return len(result.all())
