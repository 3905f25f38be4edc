"""The lean SQLite connection: a write cancelled while waiting for the lock lets go at once; AUTOCOMMIT."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.infrastructure.database import sqlite_driver
from app.infrastructure.database.connection import create_engine

PRAGMAS = ("PRAGMA journal_mode=WAL",)
PROMPTLY_S = 1.0  # a wait slice is 20 ms; the busy timeout is 30 s


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
    try:
        yield engine
    finally:
        await engine.dispose()


async def cancel_after(task: asyncio.Task[object], delay_s: float) -> float:
    """Cancel `task` after `delay_s`; answer how long it took to finish once cancelled."""
    await asyncio.sleep(delay_s)
    assert not task.done()  # still waiting for the lock
    task.cancel()
    started = time.monotonic()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=5)
    return time.monotonic() - started


async def test_a_cancelled_begin_lets_go_at_once_and_leaves_the_connection_usable(tmp_path: Path):
    path = str(tmp_path / "lean.db")
    holder = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    waiter = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    try:
        await holder.cursor().execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        await holder.cursor().execute("BEGIN IMMEDIATE")
        waiting = asyncio.create_task(waiter.cursor().execute("BEGIN IMMEDIATE"))
        assert await cancel_after(waiting, 0.2) < PROMPTLY_S
        assert not waiter.raw.in_transaction
        await holder.commit()
        await waiter.cursor().execute("BEGIN IMMEDIATE")  # the same connection takes the lock now
        await waiter.cursor().execute("INSERT INTO t DEFAULT VALUES")
        await waiter.commit()
        cursor = await holder.cursor().execute("SELECT count(*) FROM t")
        assert await cursor.fetchone() == (1,)
    finally:
        await holder.close()
        await waiter.close()


async def test_a_cancelled_write_returns_its_connection_to_the_pool_at_once(engine: AsyncEngine):
    pool = engine.sync_engine.pool

    async def write(name: str) -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), {"name": name})

    async with engine.begin() as holder:
        await holder.execute(text("INSERT INTO t (name) VALUES ('holder')"))
        waiting: asyncio.Task[object] = asyncio.create_task(write("cancelled"))
        assert await cancel_after(waiting, 0.2) < PROMPTLY_S
        assert pool.checkedout() == 1  # only the holder's
    await asyncio.wait_for(write("after"), timeout=5)
    async with engine.connect() as connection:
        names = (await connection.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["holder", "after"]


async def test_a_writer_still_waits_for_the_lock_beyond_one_wait_slice(engine: AsyncEngine):
    async with engine.begin() as holder:
        await holder.execute(text("INSERT INTO t (name) VALUES ('first')"))

        async def write() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (name) VALUES ('second')"))

        waiting = asyncio.create_task(write())
        await asyncio.sleep(0.3)  # many slices
        assert not waiting.done()
    await asyncio.wait_for(waiting, timeout=5)


async def test_the_lock_wait_gives_up_after_the_busy_timeout(tmp_path: Path):
    path = str(tmp_path / "timeout.db")
    holder = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    waiter = await sqlite_driver.connect(path, pragmas=PRAGMAS, timeout_s=0.1)
    try:
        await holder.cursor().execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await waiter.cursor().execute("BEGIN IMMEDIATE")
        assert not waiter.raw.in_transaction
    finally:
        await holder.close()
        await waiter.close()


async def test_autocommit_runs_each_statement_on_its_own(engine: AsyncEngine):
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with engine.begin() as holder:  # holds the write lock: an AUTOCOMMIT read still runs
        await holder.execute(text("INSERT INTO t (name) VALUES ('held')"))
        async with autocommit.connect() as reader:
            assert await reader.scalar(text("SELECT count(*) FROM t")) == 0
    async with autocommit.connect() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES ('saved')"))
        await connection.rollback()  # nothing to undo: the insert was saved on its own
    async with engine.begin() as connection:  # back in the pool, the connection writes in transactions
        await connection.execute(text("INSERT INTO t (name) VALUES ('again')"))
        await connection.rollback()
    async with engine.connect() as connection:
        names = (await connection.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["held", "saved"]
