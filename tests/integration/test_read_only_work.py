"""A read-only unit of work cannot write: no flush, no write statement, no commit, nothing saved."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import insert, text, update

from app.domain.entities.user import User
from app.domain.interfaces.unit_of_work import WriteInReadOnlyWork
from app.infrastructure.database.models.user_model import users_table
from tests.helpers import uow_of


def make_user(email: str = "ada@example.com") -> User:
    return User(email=email, password_hash="x", full_name="Ada")


async def email_exists(app: FastAPI, email: str = "ada@example.com") -> bool:
    async with uow_of(app).read_only() as uow:
        return await uow.users.email_exists(email)


async def test_a_user_added_inside_read_only_work_is_refused_and_not_saved(app: FastAPI):
    with pytest.raises(WriteInReadOnlyWork, match="flush"):
        async with uow_of(app).read_only() as uow:
            await uow.users.add(make_user())
    assert not await email_exists(app)


async def attempt_a_write_then_fail(app: FastAPI) -> None:
    async with uow_of(app).read_only() as uow:
        with pytest.raises(WriteInReadOnlyWork):
            await uow.users.add(make_user())
        raise LookupError


async def test_a_block_that_raises_after_a_write_attempt_saves_nothing(app: FastAPI):
    with pytest.raises(LookupError):
        await attempt_a_write_then_fail(app)
    assert not await email_exists(app)


async def test_write_statements_are_refused_before_they_reach_the_database(app: FastAPI):
    async with uow_of(app).read_only() as uow:
        session = uow._session
        assert session is not None
        with pytest.raises(WriteInReadOnlyWork, match="INSERT"):
            await session.execute(
                insert(users_table).values(email="ada@example.com", password_hash="x", full_name="Ada")
            )
        with pytest.raises(WriteInReadOnlyWork, match="UPDATE"):
            await session.execute(update(users_table).values(full_name="Bob"))
        connection = await session.connection()
        with pytest.raises(WriteInReadOnlyWork, match="insert"):
            await connection.exec_driver_sql(
                "insert into users (email, password_hash, full_name) values ('ada@example.com', 'x', 'A')"
            )
        assert await session.scalar(text("SELECT 1")) == 1  # reads still run
    assert not await email_exists(app)


async def test_commit_inside_read_only_work_is_refused(app: FastAPI):
    async with uow_of(app).read_only() as uow:
        with pytest.raises(WriteInReadOnlyWork, match="commit"):
            await uow.commit()


async def test_the_next_block_of_the_same_unit_of_work_writes_again(app: FastAPI):
    uow = uow_of(app)
    async with uow.read_only() as reading:
        assert not await reading.users.email_exists("ada@example.com")
    async with uow as writing:
        await writing.users.add(make_user())
        await writing.commit()
    assert await email_exists(app)
