"""The fake unit of work keeps the real one's promise: a read-only block cannot write."""

from __future__ import annotations

import pytest

from app.domain.entities.user import User
from app.domain.interfaces.unit_of_work import WriteInReadOnlyWork
from tests.unit.fakes import FakeUnitOfWork


async def test_a_write_through_a_read_only_fake_unit_of_work_raises():
    uow = FakeUnitOfWork()
    async with uow.read_only() as reading:
        with pytest.raises(WriteInReadOnlyWork):
            await reading.users.add(User(email="ada@example.com", password_hash="x", full_name="Ada"))
        with pytest.raises(WriteInReadOnlyWork):
            await reading.profiles.lock_owner(1)
        with pytest.raises(WriteInReadOnlyWork, match="commit"):
            await reading.commit()
    assert uow.users.rows == {}


async def test_the_next_block_of_the_fake_writes_again():
    uow = FakeUnitOfWork()
    async with uow.read_only():
        pass
    async with uow as writing:
        await writing.users.add(User(email="ada@example.com", password_hash="x", full_name="Ada"))
        await writing.commit()
    assert len(uow.users.rows) == 1
