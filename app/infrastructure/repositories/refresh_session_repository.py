"""SQLAlchemy implementation of the RefreshSessionRepository port."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.refresh_session import RefreshSession
from app.domain.enums.auth import RevokeReason
from app.infrastructure.database.models.user_model import refresh_sessions_table, users_table
from app.infrastructure.database.prepared_read import PreparedRead

_sessions = refresh_sessions_table.c
_users = users_table.c

# Compiled once and run with a single driver call: this runs for every authenticated request.
_AUTHENTICATED_USER = PreparedRead(
    lambda _dialect: (
        select(
            _users.id,
            _users.email,
            _users.full_name,
            _users.is_active,
            _users.is_verified,
            _users.created_at,
            _users.updated_at,
            _sessions.family_id,
            _sessions.revoked_at.label("session_revoked_at"),
        )
        .select_from(refresh_sessions_table.join(users_table, _users.id == _sessions.user_id))
        .where(_sessions.access_jti == bindparam("access_jti"))
    )
)


class SqlAlchemyRefreshSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: RefreshSession) -> None:
        self._session.add(session)
        await self._session.flush()

    async def get(self, jti: str) -> RefreshSession | None:
        return await self._session.get(RefreshSession, jti)

    async def get_authenticated_user(self, access_jti: str) -> AuthenticatedUser | None:
        row = await _AUTHENTICATED_USER.first(self._session, access_jti=access_jti)
        return None if row is None else AuthenticatedUser(**row)

    async def revoke_family(self, family_id: str, *, reason: RevokeReason, now: datetime) -> None:
        await self._revoke(_sessions.family_id == family_id, reason=reason, now=now)

    async def revoke_all_for_user(self, user_id: int, *, reason: RevokeReason, now: datetime) -> None:
        await self._revoke(_sessions.user_id == user_id, reason=reason, now=now)

    async def delete_expired(self, *, now: datetime) -> int:
        result = await self._session.execute(delete(refresh_sessions_table).where(_sessions.expires_at < now))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _revoke(self, condition: object, *, reason: RevokeReason, now: datetime) -> None:
        await self._session.execute(
            update(refresh_sessions_table)
            .where(condition, _sessions.revoked_at.is_(None))  # type: ignore[arg-type]
            .values(revoked_at=now, revoke_reason=reason.value),
            execution_options={"synchronize_session": False},
        )
