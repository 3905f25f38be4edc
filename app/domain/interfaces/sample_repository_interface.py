"""Persistence port for writing samples."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.entities.sample_document import SampleDocument, SampleFilter, SampleSummary
from app.domain.enums.document_type import DocumentType


class SampleRepository(Protocol):
    async def lock_owner(self, user_id: int) -> None:
        """Make other transactions that change this user's samples wait until this one ends."""

    async def add(self, sample: SampleDocument) -> None: ...

    async def get(self, sample_id: str, *, user_id: int) -> SampleDocument | None:
        """The sample with its text, when it exists and belongs to `user_id`."""

    async def list_summaries(
        self, user_id: int, sample_filter: SampleFilter, *, limit: int, offset: int
    ) -> list[SampleSummary]:
        """A page of the user's samples without their text, newest first."""

    async def count(self, user_id: int, sample_filter: SampleFilter) -> int: ...

    async def deactivate_active(
        self, user_id: int, document_type: DocumentType, *, now: datetime
    ) -> None: ...

    async def activate_newest(
        self, user_id: int, document_type: DocumentType, *, now: datetime
    ) -> str | None:
        """Make the newest sample of the type active; its id, or None when the user has none of it."""

    async def delete(self, sample_id: str, *, user_id: int) -> SampleSummary | None:
        """Delete the user's sample (its style goes with it); what it was, or None when there is none."""
