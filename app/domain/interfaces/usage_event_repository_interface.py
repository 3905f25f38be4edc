"""Persistence port for usage events, the records per-user quotas are counted from."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.entities.usage_event import UsageEvent
from app.domain.enums.usage import UsageKind


class UsageEventRepository(Protocol):
    async def lock_user(self, user_id: int) -> None:
        """Make other transactions counting this user's usage wait until this one ends."""

    async def count_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> int: ...

    async def oldest_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> datetime | None:
        """When the user's first use of `kind` at or after `since` was made."""

    async def add(self, event: UsageEvent) -> None: ...

    async def delete(self, event_id: str) -> None:
        """Delete one event (a use given back: the work it paid for failed)."""

    async def delete_before(self, before: datetime) -> int:
        """Delete the events older than `before`; returns how many."""
