"""SQLAlchemy implementation of the RankingRepository port."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.ranking import JobContentRanking
from app.infrastructure.database.models.generation_model import job_content_rankings_table

_rankings = job_content_rankings_table.c


class SqlAlchemyRankingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_for_job(self, job_id: str, *, user_id: int) -> JobContentRanking | None:
        result = await self._session.execute(
            select(JobContentRanking).where(_rankings.user_id == user_id, _rankings.job_id == job_id)
        )
        return result.scalar_one_or_none()

    async def add(self, ranking: JobContentRanking) -> None:
        self._session.add(ranking)
        await self._session.flush()
