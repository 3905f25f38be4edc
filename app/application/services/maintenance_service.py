"""Housekeeping use cases run from the command line."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class CleanupReport:
    refresh_sessions_deleted: int
    reset_tokens_deleted: int


class MaintenanceService:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def cleanup(self) -> CleanupReport:
        """Delete expired refresh sessions and spent or expired password reset tokens."""
        now = self._clock.now()
        async with self._uow as uow:
            sessions = await uow.refresh_sessions.delete_expired(now=now)
            tokens = await uow.reset_tokens.delete_stale(now=now)
            await uow.commit()
        return CleanupReport(refresh_sessions_deleted=sessions, reset_tokens_deleted=tokens)
