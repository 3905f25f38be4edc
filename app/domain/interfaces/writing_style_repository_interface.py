"""Persistence port for the writing styles extracted from samples."""

from __future__ import annotations

from typing import Protocol

from app.domain.entities.writing_style import WritingStyle


class WritingStyleRepository(Protocol):
    async def add(self, style: WritingStyle) -> None: ...

    async def get_for_sample(self, sample_id: str) -> WritingStyle | None: ...
