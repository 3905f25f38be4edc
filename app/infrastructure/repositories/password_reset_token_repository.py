"""SQLAlchemy implementation of the PasswordResetTokenRepository port."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.password_reset_token import PasswordResetToken
from app.infrastructure.database.models.user_model import password_reset_tokens_table

_tokens = password_reset_tokens_table.c


class SqlAlchemyPasswordResetTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: PasswordResetToken) -> None:
        self._session.add(token)
        await self._session.flush()

    async def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        result = await self._session.execute(
            select(PasswordResetToken).where(_tokens.token_hash == token_hash)
        )
        return result.scalar_one_or_none()

    async def void_unused_for_user(self, user_id: int, *, now: datetime) -> None:
        await self._session.execute(
            update(password_reset_tokens_table)
            .where(_tokens.user_id == user_id, _tokens.used_at.is_(None))
            .values(used_at=now),
            execution_options={"synchronize_session": False},
        )

    async def delete_stale(self, *, now: datetime) -> int:
        result = await self._session.execute(
            delete(password_reset_tokens_table).where(
                or_(_tokens.used_at.is_not(None), _tokens.expires_at < now)
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
