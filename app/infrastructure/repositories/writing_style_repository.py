"""SQLAlchemy implementation of the WritingStyleRepository port."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.writing_style import WritingStyle
from app.infrastructure.database.models.sample_model import writing_styles_table


class SqlAlchemyWritingStyleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, style: WritingStyle) -> None:
        self._session.add(style)
        await self._session.flush()

    async def get_for_sample(self, sample_id: str) -> WritingStyle | None:
        result = await self._session.execute(
            select(WritingStyle).where(writing_styles_table.c.sample_id == sample_id)
        )
        return result.scalar_one_or_none()
