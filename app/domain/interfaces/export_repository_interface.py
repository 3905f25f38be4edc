"""Persistence port for exports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from app.domain.entities.export import Export, ExportFilter, ExportView
from app.domain.enums.export import ExportFormat, TemplateId


class ExportRepository(Protocol):
    async def add(self, export: Export) -> None:
        """Stage a new export and flush it."""

    async def get(self, export_id: str, *, user_id: int | None) -> Export | None:
        """The export (the user's, unless user_id is None: a signed download), expired ones included."""

    async def find_identical(
        self, generation_id: str, *, template: TemplateId, format: ExportFormat, options_hash: str
    ) -> Export | None:
        """The export of this generation with these template, format and options, if one was made."""

    async def list_views(
        self, user_id: int, export_filter: ExportFilter, *, now: datetime, limit: int, offset: int
    ) -> list[ExportView]:
        """A page of the user's unexpired exports, newest first."""

    async def count(self, user_id: int, export_filter: ExportFilter, *, now: datetime) -> int: ...

    async def total_size(self, user_id: int, *, now: datetime, job_id: str | None = None) -> int:
        """Bytes held by the user's unexpired exports (of one job when given)."""

    async def first_expiry(self, user_id: int, *, now: datetime) -> datetime | None:
        """When the user's oldest unexpired export expires."""

    async def zips_holding(self, user_id: int, generation_ids: Sequence[str]) -> list[Export]:
        """The user's ZIP exports holding any of these generations' documents."""

    async def delete(self, exports: Sequence[Export]) -> None:
        """Delete these exports' rows (their files are the caller's to remove after commit)."""

    async def of_generations(self, generation_ids: Sequence[str]) -> list[Export]:
        """The exports made from these generations."""

    async def of_job(self, job_id: str, *, user_id: int) -> list[Export]:
        """The exports of the job (its generations' files and the ZIPs of that job only)."""

    async def expired(self, *, now: datetime, limit: int) -> list[Export]:
        """Up to `limit` expired exports, oldest first (cleanup)."""

    async def unfinished(self, *, created_before: datetime | None = None) -> list[Export]:
        """Queued exports not yet completed nor failed (stored before `created_before` when given)."""
