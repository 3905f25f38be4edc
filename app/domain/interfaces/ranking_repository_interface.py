"""Persistence port for rankings: one per user and job."""

from __future__ import annotations

from typing import Protocol

from app.domain.entities.ranking import JobContentRanking


class RankingRepository(Protocol):
    async def get_for_job(self, job_id: str, *, user_id: int) -> JobContentRanking | None:
        """The user's ranking for the job, if one was made."""

    async def get_detached_for_job(self, job_id: str, *, user_id: int) -> JobContentRanking | None:
        """The same, not tracked by the unit of work (changes to it are never saved), in one point read."""

    async def add(self, ranking: JobContentRanking) -> None:
        """Stage a new ranking and flush it (changes to a loaded one are saved at commit)."""
