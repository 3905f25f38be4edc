"""The lean SQLite connection: statements inline, lock waits on its own thread, clean shutdown."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.infrastructure.database import sqlite_driver

PRAGMAS = ("PRAGMA journal_mode=WAL",)


Pair = tuple[sqlite_driver.LeanConnection, sqlite_driver.LeanConnection]


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[Pair]:
    """Two connections to one database holding a table `t (id, name UNIQUE)`."""
    path = str(tmp_path / "lean.db")
    first = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    second = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    await first.cursor().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_a_statement_answers_rows_description_and_row_ids(pair: Pair):
    cursor = pair[0].cursor()
    await cursor.execute("INSERT INTO t (name) VALUES (?)", ("ada",))
    assert (cursor.rowcount, cursor.lastrowid) == (1, 1)
    await cursor.execute("SELECT id, name FROM t")
    assert [column[0] for column in cursor.description] == ["id", "name"]
    assert await cursor.fetchall() == [(1, "ada")]


async def test_driver_errors_reach_the_caller(pair: Pair):
    await pair[0].cursor().execute("INSERT INTO t (name) VALUES ('ada')")
    with pytest.raises(sqlite3.IntegrityError):
        await pair[0].cursor().execute("INSERT INTO t (name) VALUES ('ada')")


async def test_waiting_for_the_write_lock_leaves_the_event_loop_free(pair: Pair):
    holder, waiter = pair
    await holder.cursor().execute("BEGIN IMMEDIATE")
    await holder.cursor().execute("INSERT INTO t (name) VALUES ('first')")
    waiting = asyncio.create_task(waiter.cursor().execute("BEGIN IMMEDIATE"))
    ticks = 0
    for _ in range(10):  # the loop keeps running while the waiter blocks on its thread
        await asyncio.sleep(0.01)
        ticks += 1
    assert not waiting.done()
    await holder.commit()
    await asyncio.wait_for(waiting, timeout=5)
    await waiter.cursor().execute("INSERT INTO t (name) VALUES ('second')")
    await waiter.commit()
    assert ticks == 10
    rows = await (await holder.cursor().execute("SELECT name FROM t ORDER BY id")).fetchall()
    assert rows == [("first",), ("second",)]


async def test_rollback_undoes_and_is_a_no_op_outside_a_transaction(pair: Pair):
    connection = pair[0]
    await connection.rollback()  # nothing to undo
    await connection.cursor().execute("BEGIN IMMEDIATE")
    await connection.cursor().execute("INSERT INTO t (name) VALUES ('gone')")
    await connection.rollback()
    cursor = await connection.cursor().execute("SELECT count(*) FROM t")
    assert await cursor.fetchone() == (0,)


async def test_closing_stops_the_worker_thread(pair: Pair):
    connection = pair[0]
    await connection.close()
    connection._thread.join(timeout=5)
    assert not connection._thread.is_alive()
    with pytest.raises(ValueError, match="no active connection"):
        connection.cursor()._connection.raw  # noqa: B018 - the access itself is the check


def test_the_point_reader_refuses_writes(tmp_path: Path):
    path = tmp_path / "reader.db"
    sqlite3.connect(path).execute("CREATE TABLE t (id INTEGER)").connection.close()
    reader = sqlite_driver.open_point_reader(str(path))
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.execute("INSERT INTO t VALUES (1)")
    finally:
        reader.close()
