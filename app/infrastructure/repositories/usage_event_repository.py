"""SQLAlchemy implementation of the UsageEventRepository port."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.usage_event import UsageEvent
from app.domain.enums.usage import UsageKind
from app.infrastructure.database.models.usage_model import usage_events_table
from app.infrastructure.repositories.user_lock import lock_user_row

_events = usage_events_table.c


class SqlAlchemyUsageEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_user(self, user_id: int) -> None:
        await lock_user_row(self._session, user_id)

    async def count_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> int:
        total = await self._session.scalar(
            select(func.count())
            .select_from(usage_events_table)
            .where(_events.user_id == user_id, _events.kind == kind, _events.created_at >= since)
        )
        return int(total or 0)

    async def oldest_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> datetime | None:
        oldest: datetime | None = await self._session.scalar(
            select(func.min(_events.created_at)).where(
                _events.user_id == user_id, _events.kind == kind, _events.created_at >= since
            )
        )
        return oldest

    async def add(self, event: UsageEvent) -> None:
        self._session.add(event)
        await self._session.flush()

    async def delete(self, event_id: str) -> None:
        await self._session.execute(delete(usage_events_table).where(_events.id == event_id))

    async def delete_before(self, before: datetime) -> int:
        result = await self._session.execute(delete(usage_events_table).where(_events.created_at < before))
        return int(result.rowcount)  # type: ignore[attr-defined]
