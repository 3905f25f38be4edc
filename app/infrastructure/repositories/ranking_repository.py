"""SQLAlchemy implementation of the RankingRepository port."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.ranking import JobContentRanking
from app.infrastructure.database.models.generation_model import job_content_rankings_table
from app.infrastructure.database.prepared_read import PreparedRead

_rankings = job_content_rankings_table.c
# One ranking per user and job (a unique key): a point read.
_DETACHED = PreparedRead(
    lambda _dialect: select(job_content_rankings_table).where(
        _rankings.user_id == bindparam("user_id"), _rankings.job_id == bindparam("job_id")
    )
)


class SqlAlchemyRankingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_for_job(self, job_id: str, *, user_id: int) -> JobContentRanking | None:
        result = await self._session.execute(
            select(JobContentRanking).where(_rankings.user_id == user_id, _rankings.job_id == job_id)
        )
        return result.scalar_one_or_none()

    async def get_detached_for_job(self, job_id: str, *, user_id: int) -> JobContentRanking | None:
        row = await _DETACHED.first(self._session, job_id=job_id, user_id=user_id)
        return None if row is None else JobContentRanking(**row)

    async def add(self, ranking: JobContentRanking) -> None:
        self._session.add(ranking)
        await self._session.flush()
