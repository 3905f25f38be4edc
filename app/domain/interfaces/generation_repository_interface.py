"""Persistence port for generations (tailored resumes and cover letters)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.entities.generation import Generation, GenerationFilter, GenerationView
from app.domain.interfaces.serialized_rows import SerializedRows


class GenerationRepository(Protocol):
    async def add(self, generation: Generation) -> None:
        """Stage a new generation and flush it."""

    async def get(self, generation_id: str, *, user_id: int) -> Generation | None:
        """The user's generation (changes to it are saved at commit)."""

    async def get_view(self, generation_id: str, *, user_id: int) -> GenerationView | None:
        """The user's generation with its job's title and company."""

    async def list_page(
        self, user_id: int, generation_filter: GenerationFilter, *, limit: int, offset: int
    ) -> tuple[SerializedRows, int]:
        """A page of the user's generations, newest first, keyed by the Generation entity's attribute
        names plus `job_title` and `company` (its job's), and how many the filter matches in all."""

    async def ids_for_job(self, job_id: str, *, user_id: int) -> list[str]:
        """The ids of the user's generations for the job."""

    async def delete(self, generation_id: str, *, user_id: int) -> bool:
        """Delete the user's generation; False when there is none."""

    async def unfinished(self, *, updated_before: datetime) -> list[Generation]:
        """Every user's pending or generating generations not changed since `updated_before`."""

    async def fail_unfinished(self, *, error_code: str, message: str, now: datetime) -> int:
        """Mark every pending or generating generation failed; returns how many."""
