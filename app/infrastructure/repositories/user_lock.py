"""Serialising one user's writes by locking the user's row until the transaction ends."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.database.models.user_model import users_table


async def lock_user_row(session: AsyncSession, user_id: int) -> None:
    """PostgreSQL: FOR NO KEY UPDATE, which rows referencing the user (their FK checks) do not wait for.

    SQLite renders no FOR clause: its write transactions already run one at a time (BEGIN IMMEDIATE).
    """
    await session.execute(
        select(users_table.c.id).where(users_table.c.id == user_id).with_for_update(key_share=True)
    )
