"""Per-user quotas, counted from usage events in the database so they hold across restarts and workers.

Two kinds of window: the UTC calendar day (sample uploads, cover letters) and a rolling period (exports:
50 in any hour). Retry-After is when the next use fits: 00:00 UTC for a day, else when the oldest use
in the window leaves it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain.entities.usage_event import UsageEvent
from app.domain.enums.usage import UsageKind
from app.domain.errors import QuotaExceededError
from app.domain.ids import new_id
from app.domain.interfaces.unit_of_work import UnitOfWork

DAY = timedelta(days=1)


def start_of_utc_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class UsageQuota:
    """At most `limit` uses of `kind` per user in a UTC calendar day, or in any `rolling` period."""

    kind: UsageKind
    limit: int
    rolling: timedelta | None = None

    @classmethod
    def daily(cls, kind: UsageKind, *, limit: int) -> UsageQuota:
        return cls(kind, limit)

    async def consume(
        self, uow: UnitOfWork, user_id: int, *, now: datetime, event_ids: Sequence[str] = ()
    ) -> None:
        """Record the uses (one, or one per id given) in the caller's transaction, or raise QuotaExceeded.

        Concurrent uses by one user wait for each other, so the count and the new events are one step
        and the limit holds under concurrency.
        """
        await uow.usage_events.lock_user(user_id)
        ids = list(event_ids) or [new_id()]
        await self.check(uow, user_id, now=now, uses=len(ids))
        for event_id in ids:
            await uow.usage_events.add(
                UsageEvent(id=event_id, user_id=user_id, kind=self.kind, created_at=now)
            )

    async def give_back(self, uow: UnitOfWork, event_id: str) -> None:
        """Undo the use recorded as `event_id` (what it paid for failed, and failures do not count)."""
        await uow.usage_events.delete(event_id)

    async def check(self, uow: UnitOfWork, user_id: int, *, now: datetime, uses: int = 1) -> None:
        """Raise QuotaExceededError unless `uses` more fit; reads only (a look-ahead needs no lock)."""
        start = start_of_utc_day(now) if self.rolling is None else now - self.rolling
        used = await uow.usage_events.count_since(user_id, self.kind, since=start)
        if used + uses <= self.limit:
            return
        if self.rolling is None:
            raise QuotaExceededError(
                math.ceil((start + DAY - now).total_seconds()),
                f"Daily limit of {self.limit} reached; it resets at 00:00 UTC",
            )
        oldest = await uow.usage_events.oldest_since(user_id, self.kind, since=start)
        frees_at = (oldest or now) + self.rolling
        raise QuotaExceededError(
            math.ceil((frees_at - now).total_seconds()),
            f"Limit of {self.limit} in {_period(self.rolling)} reached",
        )


def _period(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return "an hour" if hours == 1 else f"{hours:g} hours"
