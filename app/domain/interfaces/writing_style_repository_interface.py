"""Persistence port for the writing styles extracted from samples."""

from __future__ import annotations

from typing import Protocol

from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType


class WritingStyleRepository(Protocol):
    async def add(self, style: WritingStyle) -> None: ...

    async def get_for_sample(self, sample_id: str) -> WritingStyle | None: ...

    async def get_active(self, user_id: int, document_type: DocumentType) -> WritingStyle | None:
        """The style of the user's active sample of this type, if there is one."""
