"""Per-user quotas, counted from usage events in the database so they hold across restarts and workers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain.entities.usage_event import UsageEvent
from app.domain.enums.usage import UsageKind
from app.domain.errors import QuotaExceededError
from app.domain.ids import new_id
from app.domain.interfaces.unit_of_work import UnitOfWork


def start_of_utc_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class DailyQuota:
    """At most `limit` uses of `kind` per user and UTC calendar day."""

    kind: UsageKind
    limit: int

    async def consume(
        self, uow: UnitOfWork, user_id: int, *, now: datetime, event_id: str | None = None
    ) -> None:
        """Record one use in the caller's transaction, or raise QuotaExceededError.

        Retry-After is the time left until 00:00 UTC. Concurrent uses by one user wait for each other, so
        the count and the new event are one step and the limit holds under concurrency.
        """
        await uow.usage_events.lock_user(user_id)
        await self.check(uow, user_id, now=now)
        event = UsageEvent(id=event_id or new_id(), user_id=user_id, kind=self.kind, created_at=now)
        await uow.usage_events.add(event)

    async def give_back(self, uow: UnitOfWork, event_id: str) -> None:
        """Undo the use recorded as `event_id` (what it paid for failed, and failures do not count)."""
        await uow.usage_events.delete(event_id)

    async def check(self, uow: UnitOfWork, user_id: int, *, now: datetime) -> None:
        """Raise QuotaExceededError when today's uses are spent; reads only (a look-ahead needs no lock)."""
        day_start = start_of_utc_day(now)
        used = await uow.usage_events.count_since(user_id, self.kind, since=day_start)
        if used >= self.limit:
            seconds_left = (day_start + timedelta(days=1) - now).total_seconds()
            raise QuotaExceededError(
                math.ceil(seconds_left),
                f"Daily limit of {self.limit} reached; it resets at 00:00 UTC",
            )
