"""Persistence port for password reset tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.entities.password_reset_token import PasswordResetToken


class PasswordResetTokenRepository(Protocol):
    async def add(self, token: PasswordResetToken) -> None: ...

    async def get_by_hash(self, token_hash: str) -> PasswordResetToken | None: ...

    async def void_unused_for_user(self, user_id: int, *, now: datetime) -> None: ...

    async def delete_stale(self, *, now: datetime) -> int:
        """Delete used and expired tokens; returns how many."""
