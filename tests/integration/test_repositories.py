"""Repositories and the unit of work on the real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import func, inspect, select

from app.domain.entities.password_reset_token import PasswordResetToken
from app.domain.entities.refresh_session import RefreshSession
from app.domain.entities.user import User
from app.domain.enums.auth import RevokeReason
from app.domain.errors import EmailTakenError
from app.infrastructure.database.models.user_model import refresh_sessions_table
from tests.helpers import uow_of

NOW = datetime.now(UTC)


def make_user(**overrides: object) -> User:
    values: dict[str, object] = {"email": "ada@example.com", "password_hash": "x", "full_name": "Ada"}
    values.update(overrides)
    return User(**values)  # type: ignore[arg-type]


def make_session(user_id: int, *, family_id: str | None = None, **overrides: object) -> RefreshSession:
    values: dict[str, object] = {
        "jti": str(uuid.uuid4()),
        "family_id": family_id or str(uuid.uuid4()),
        "user_id": user_id,
        "access_jti": str(uuid.uuid4()),
        "issued_at": NOW,
        "expires_at": NOW + timedelta(days=7),
    }
    values.update(overrides)
    return RefreshSession(**values)  # type: ignore[arg-type]


async def add_user(app: FastAPI, **overrides: object) -> User:
    async with uow_of(app) as uow:
        user = await uow.users.add(make_user(**overrides))
        await uow.commit()
    return user


async def test_a_duplicate_email_becomes_email_taken_and_nothing_is_written(app: FastAPI):
    await add_user(app)
    async with uow_of(app) as uow:
        with pytest.raises(EmailTakenError):
            await uow.users.add(make_user(full_name="Someone Else"))
    async with uow_of(app).read_only() as uow:
        stored = await uow.users.get_by_email("ada@example.com")
    assert stored is not None
    assert stored.full_name == "Ada"


async def test_leaving_the_block_without_commit_rolls_back(app: FastAPI):
    async with uow_of(app) as uow:
        await uow.users.add(make_user())
    async with uow_of(app).read_only() as uow:
        assert not await uow.users.email_exists("ada@example.com")


async def test_every_unit_of_work_gives_back_what_it_took(app: FastAPI):
    pool = app.state.resources.database.engine.sync_engine.pool
    user = await add_user(app)
    async with uow_of(app).read_only() as uow:  # an ORM read
        assert await uow.users.get(user.id or 0) is not None
    async with uow_of(app).read_only() as uow:  # a prepared read (the point reader on SQLite)
        assert await uow.refresh_sessions.get_authenticated_user(str(uuid.uuid4())) is None
    pending = make_user(email="pending@example.com")
    async with uow_of(app) as uow:  # an object added and never flushed (no repository does that)
        assert uow._session is not None
        uow._session.add(pending)
        assert inspect(pending).pending
    async with uow_of(app):  # nothing at all
        pass
    assert pool.checkedout() == 0
    assert inspect(pending).transient  # the session let go of it


async def test_timestamps_come_back_timezone_aware_in_utc(app: FastAPI):
    user = await add_user(app)
    async with uow_of(app).read_only() as uow:
        stored = await uow.users.get(user.id or 0)
    assert stored is not None
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == timedelta(0)
    assert abs(stored.created_at - datetime.now(UTC)) < timedelta(minutes=1)


async def test_the_authenticated_user_comes_back_with_its_session_state(app: FastAPI):
    user = await add_user(app)
    session = make_session(user.id or 0)
    async with uow_of(app) as uow:
        await uow.refresh_sessions.add(session)
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        found = await uow.refresh_sessions.get_authenticated_user(session.access_jti)
        missing = await uow.refresh_sessions.get_authenticated_user(str(uuid.uuid4()))
    assert found is not None
    assert (found.id, found.email, found.family_id) == (user.id, "ada@example.com", session.family_id)
    assert found.session_revoked_at is None
    assert found.created_at.tzinfo is not None
    assert missing is None


async def test_revoking_a_family_leaves_other_families_alone(app: FastAPI):
    user = await add_user(app)
    family = str(uuid.uuid4())
    mine = [make_session(user.id or 0, family_id=family) for _ in range(2)]
    other = make_session(user.id or 0)
    async with uow_of(app) as uow:
        for session in [*mine, other]:
            await uow.refresh_sessions.add(session)
        await uow.refresh_sessions.revoke_family(family, reason=RevokeReason.LOGOUT, now=NOW)
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        reasons = [(await uow.refresh_sessions.get(s.jti)).revoke_reason for s in [*mine, other]]  # type: ignore[union-attr]
    assert reasons == ["logout", "logout", None]


async def test_expired_sessions_and_spent_reset_tokens_are_deleted(app: FastAPI):
    user = await add_user(app)
    uid = user.id or 0
    live, dead = make_session(uid), make_session(uid, expires_at=NOW - timedelta(seconds=1))
    tokens = [
        PasswordResetToken(id=str(uuid.uuid4()), user_id=uid, token_hash=f"{i:064x}", expires_at=expiry)
        for i, expiry in enumerate([NOW + timedelta(hours=1), NOW - timedelta(seconds=1)])
    ]
    async with uow_of(app) as uow:
        for session in (live, dead):
            await uow.refresh_sessions.add(session)
        for token in tokens:
            await uow.reset_tokens.add(token)
        await uow.commit()
    async with uow_of(app) as uow:
        assert await uow.refresh_sessions.delete_expired(now=NOW) == 1
        assert await uow.reset_tokens.delete_stale(now=NOW) == 1
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        assert await uow.refresh_sessions.get(live.jti) is not None
        assert await uow.refresh_sessions.get(dead.jti) is None
        assert await uow.reset_tokens.get_by_hash(tokens[0].token_hash) is not None


async def test_deleting_a_user_cascades_to_its_sessions(app: FastAPI):
    user = await add_user(app)
    session = make_session(user.id or 0)
    async with uow_of(app) as uow:
        await uow.refresh_sessions.add(session)
        await uow.commit()
    async with app.state.resources.database.sessions() as db:
        stored = await db.get(User, user.id)
        await db.delete(stored)
        await db.commit()
    async with uow_of(app).read_only() as uow:
        assert await uow.refresh_sessions.get(session.jti) is None


async def test_concurrent_writers_do_not_fail_with_a_busy_database(app: FastAPI):
    user = await add_user(app)

    async def read_then_write() -> None:
        async with uow_of(app) as uow:
            await uow.users.get(user.id or 0)
            await asyncio.sleep(0)  # let the others interleave between the read and the write
            await uow.refresh_sessions.add(make_session(user.id or 0))
            await uow.commit()

    await asyncio.gather(*(read_then_write() for _ in range(20)))
    async with app.state.resources.database.sessions() as db:
        count = await db.scalar(select(func.count()).select_from(refresh_sessions_table))
    assert count == 20
