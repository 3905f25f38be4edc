"""SQLAlchemy implementation of the GenerationRepository port."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.generation import Generation, GenerationFilter, GenerationView
from app.domain.enums.generation import GenerationStatus
from app.domain.interfaces.serialized_rows import SerializedRows
from app.infrastructure.database.models.generation_model import generations_table
from app.infrastructure.database.models.job_model import jobs_table
from app.infrastructure.database.prepared_read import PreparedRead
from app.infrastructure.database.row_json import json_object

_generations = generations_table.c
_jobs = jobs_table.c
_UNFINISHED = (GenerationStatus.PENDING, GenerationStatus.GENERATING)


def _owned_by(user_id: int) -> ColumnElement[bool]:
    return _generations.user_id == user_id


_FILTERS = ("document_type", "job_id", "status")


def _filtered(names: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """The user's generations with the named filters, each a bound parameter of its own name."""
    return [
        _generations.user_id == bindparam("user_id", type_=Integer),
        *(_generations[name] == bindparam(name) for name in names),
    ]


def _count_statement(names: tuple[str, ...]) -> Select[Any]:
    return select(func.count().label("total")).select_from(generations_table).where(*_filtered(names))


_NEWEST_FIRST = (_generations.created_at.desc(), _generations.id.desc())


# History pages and their totals: one prepared statement per combination of filters (8 at most).
def _page_statement(dialect: str, names: tuple[str, ...]) -> Select[Any]:
    # The page's ids are chosen from the narrow rows first: sorting whole rows would have the database
    # serialize every matching generation before the limit (on PostgreSQL 30 ms for 200 of them).
    page = (
        select(_generations.id)
        .where(*_filtered(names))
        .order_by(*_NEWEST_FIRST)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    fields = [*((column.key, column) for column in generations_table.c), ("job_title", _jobs.title)]
    fields.append(("company", _jobs.company))
    # The total in every row, counted once (an uncorrelated subquery; a window count would serialize
    # every matching row): a page that is not empty needs no second statement.
    columns: list[ColumnElement[Any]] = [json_object(fields, dialect, label="generation")]
    columns.append(_count_statement(names).scalar_subquery().label("total"))
    return (
        select(*columns)
        .select_from(page)
        .join(generations_table, _generations.id == page.c.id)
        .join(jobs_table, _jobs.id == _generations.job_id)
        .order_by(*_NEWEST_FIRST)
    )


@lru_cache(maxsize=len(_FILTERS) ** 2)
def _page_read(names: tuple[str, ...]) -> PreparedRead:
    return PreparedRead(lambda dialect: _page_statement(dialect, names))


@lru_cache(maxsize=len(_FILTERS) ** 2)
def _count_read(names: tuple[str, ...]) -> PreparedRead:
    statement = _count_statement(names)
    return PreparedRead(lambda _dialect: statement)


def _used(user_id: int, generation_filter: GenerationFilter) -> tuple[tuple[str, ...], dict[str, Any]]:
    names = tuple(name for name in _FILTERS if getattr(generation_filter, name) is not None)
    return names, {"user_id": user_id, **{name: getattr(generation_filter, name) for name in names}}


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
            select(Generation).where(_generations.id == generation_id, _owned_by(user_id))
        )
        return result.scalar_one_or_none()

    async def get_view(self, generation_id: str, *, user_id: int) -> GenerationView | None:
        result = await self._session.execute(
            _views().where(_generations.id == generation_id, _owned_by(user_id))
        )
        row = result.first()
        return None if row is None else _view(row)

    async def list_page(
        self, user_id: int, generation_filter: GenerationFilter, *, limit: int, offset: int
    ) -> tuple[SerializedRows, int]:
        names, values = _used(user_id, generation_filter)
        rows = await _page_read(names).all(self._session, **values, limit=limit, offset=offset)
        items = SerializedRows(json="[" + ",".join(row["generation"] for row in rows) + "]", count=len(rows))
        if rows:
            return items, int(rows[0]["total"])
        counted = await _count_read(names).column(self._session, **values)  # past the last page
        return items, int(counted[0])

    async def ids_for_job(self, job_id: str, *, user_id: int) -> list[str]:
        result = await self._session.execute(
            select(_generations.id).where(_generations.job_id == job_id, _owned_by(user_id))
        )
        return list(result.scalars())

    async def delete(self, generation_id: str, *, user_id: int) -> bool:
        result = await self._session.execute(
            delete(generations_table)
            .where(_generations.id == generation_id, _owned_by(user_id))
            .returning(_generations.id)
        )
        return result.first() is not None

    async def unfinished(self, *, updated_before: datetime) -> list[Generation]:
        result = await self._session.execute(
            select(Generation).where(
                _generations.status.in_(_UNFINISHED), _generations.updated_at < updated_before
            )
        )
        return list(result.scalars())

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
