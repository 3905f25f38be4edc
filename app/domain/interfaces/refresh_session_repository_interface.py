"""Persistence port for refresh sessions (one row per issued token pair)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.refresh_session import RefreshSession
from app.domain.enums.auth import RevokeReason


class RefreshSessionRepository(Protocol):
    async def add(self, session: RefreshSession) -> None: ...

    async def get(self, jti: str) -> RefreshSession | None: ...

    async def get_authenticated_user(self, access_jti: str) -> AuthenticatedUser | None:
        """The user an access token belongs to, with its session's state, in one round trip."""

    async def revoke_family(self, family_id: str, *, reason: RevokeReason, now: datetime) -> None: ...

    async def revoke_all_for_user(self, user_id: int, *, reason: RevokeReason, now: datetime) -> None: ...

    async def delete_expired(self, *, now: datetime) -> int: ...
