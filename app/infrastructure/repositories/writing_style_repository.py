"""SQLAlchemy implementation of the WritingStyleRepository port."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.infrastructure.database.models.sample_model import sample_documents_table, writing_styles_table

_samples = sample_documents_table.c


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

    async def get_active(self, user_id: int, document_type: DocumentType) -> WritingStyle | None:
        result = await self._session.execute(
            select(WritingStyle)
            .join(sample_documents_table, _samples.id == writing_styles_table.c.sample_id)
            .where(_samples.user_id == user_id, _samples.document_type == document_type, _samples.is_active)
        )
        return result.scalar_one_or_none()
