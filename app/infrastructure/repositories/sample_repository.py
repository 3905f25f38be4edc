"""SQLAlchemy implementation of the SampleRepository port."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.sample_document import SampleDocument, SampleFilter, SampleSummary
from app.domain.enums.document_type import DocumentType
from app.infrastructure.database.models.sample_model import sample_documents_table
from app.infrastructure.repositories.user_lock import lock_user_row

_samples = sample_documents_table.c
_SUMMARY_COLUMNS = [column for column in sample_documents_table.c if column.key != "full_text"]
_NEWEST_FIRST = (_samples.created_at.desc(), _samples.id.desc())


def _summary(row: Any) -> SampleSummary:
    return SampleSummary(**row._mapping)


_ANY = SampleFilter()


def _owned_by(user_id: int, sample_filter: SampleFilter = _ANY) -> list[ColumnElement[bool]]:
    conditions = [_samples.user_id == user_id]
    if sample_filter.document_type is not None:
        conditions.append(_samples.document_type == sample_filter.document_type)
    if sample_filter.is_active is not None:
        conditions.append(_samples.is_active == sample_filter.is_active)
    return conditions


class SqlAlchemySampleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_owner(self, user_id: int) -> None:
        await lock_user_row(self._session, user_id)

    async def add(self, sample: SampleDocument) -> None:
        self._session.add(sample)
        await self._session.flush()

    async def get(self, sample_id: str, *, user_id: int) -> SampleDocument | None:
        result = await self._session.execute(
            select(SampleDocument).where(_samples.id == sample_id, *_owned_by(user_id))
        )
        return result.scalar_one_or_none()

    async def list_summaries(
        self, user_id: int, sample_filter: SampleFilter, *, limit: int, offset: int
    ) -> list[SampleSummary]:
        result = await self._session.execute(
            select(*_SUMMARY_COLUMNS)
            .where(*_owned_by(user_id, sample_filter))
            .order_by(*_NEWEST_FIRST)
            .limit(limit)
            .offset(offset)
        )
        return [_summary(row) for row in result]

    async def count(self, user_id: int, sample_filter: SampleFilter) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(sample_documents_table).where(*_owned_by(user_id, sample_filter))
        )
        return int(total or 0)

    async def deactivate_active(self, user_id: int, document_type: DocumentType, *, now: datetime) -> None:
        await self._session.execute(
            update(sample_documents_table)
            .where(*_owned_by(user_id, SampleFilter(document_type, is_active=True)))
            .values(is_active=False, updated_at=now),
            execution_options={"synchronize_session": False},
        )

    async def activate_newest(
        self, user_id: int, document_type: DocumentType, *, now: datetime
    ) -> str | None:
        newest = await self._session.scalar(
            select(_samples.id)
            .where(*_owned_by(user_id, SampleFilter(document_type)))
            .order_by(*_NEWEST_FIRST)
            .limit(1)
        )
        if newest is not None:
            await self._session.execute(
                update(sample_documents_table)
                .where(_samples.id == newest)
                .values(is_active=True, updated_at=now),
                execution_options={"synchronize_session": False},
            )
        return newest

    async def delete(self, sample_id: str, *, user_id: int) -> SampleSummary | None:
        result = await self._session.execute(
            delete(sample_documents_table)
            .where(_samples.id == sample_id, *_owned_by(user_id))
            .returning(*_SUMMARY_COLUMNS)
        )
        row = result.first()
        return None if row is None else _summary(row)
