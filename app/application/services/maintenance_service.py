"""Housekeeping use cases run from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.application.services.export_files_service import ExportFilesService
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork

USAGE_EVENT_RETENTION = timedelta(days=2)  # longer than any quota window


@dataclass(frozen=True, slots=True)
class CleanupReport:
    refresh_sessions_deleted: int
    reset_tokens_deleted: int
    usage_events_deleted: int
    exports_deleted: int


class MaintenanceService:
    def __init__(self, *, uow: UnitOfWork, clock: Clock, exports: ExportFilesService) -> None:
        self._uow = uow
        self._clock = clock
        self._exports = exports

    async def cleanup(self) -> CleanupReport:
        """Delete expired refresh sessions, spent or expired reset tokens, usage events past any quota, and
        expired exports with their files."""
        now = self._clock.now()
        async with self._uow as uow:
            sessions = await uow.refresh_sessions.delete_expired(now=now)
            tokens = await uow.reset_tokens.delete_stale(now=now)
            usage = await uow.usage_events.delete_before(now - USAGE_EVENT_RETENTION)
            await uow.commit()
        return CleanupReport(
            refresh_sessions_deleted=sessions,
            reset_tokens_deleted=tokens,
            usage_events_deleted=usage,
            exports_deleted=await self._exports.purge_expired(),
        )
