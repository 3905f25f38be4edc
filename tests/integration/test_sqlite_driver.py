"""The lean SQLite connection: statements inline, lock waits on its own thread, clean shutdown."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from app.infrastructure.database import sqlite_driver

PRAGMAS = ("PRAGMA journal_mode=WAL",)


async def open_pair(tmp_path: Path) -> tuple[sqlite_driver.LeanConnection, sqlite_driver.LeanConnection]:
    path = str(tmp_path / "lean.db")
    first = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    second = await sqlite_driver.connect(path, pragmas=PRAGMAS)
    await first.cursor().execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    return first, second


async def test_a_statement_answers_rows_description_and_row_ids(tmp_path: Path):
    connection, other = await open_pair(tmp_path)
    try:
        cursor = connection.cursor()
        await cursor.execute("INSERT INTO t (name) VALUES (?)", ("ada",))
        assert (cursor.rowcount, cursor.lastrowid) == (1, 1)
        await cursor.execute("SELECT id, name FROM t")
        assert [column[0] for column in cursor.description] == ["id", "name"]
        assert await cursor.fetchall() == [(1, "ada")]
    finally:
        await connection.close()
        await other.close()


async def test_driver_errors_reach_the_caller(tmp_path: Path):
    connection, other = await open_pair(tmp_path)
    try:
        await connection.cursor().execute("INSERT INTO t (name) VALUES ('ada')")
        with pytest.raises(sqlite3.IntegrityError):
            await connection.cursor().execute("INSERT INTO t (name) VALUES ('ada')")
    finally:
        await connection.close()
        await other.close()


async def test_waiting_for_the_write_lock_leaves_the_event_loop_free(tmp_path: Path):
    holder, waiter = await open_pair(tmp_path)
    try:
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
    finally:
        await holder.close()
        await waiter.close()


async def test_rollback_undoes_and_is_a_no_op_outside_a_transaction(tmp_path: Path):
    connection, other = await open_pair(tmp_path)
    try:
        await connection.rollback()  # nothing to undo
        await connection.cursor().execute("BEGIN IMMEDIATE")
        await connection.cursor().execute("INSERT INTO t (name) VALUES ('gone')")
        await connection.rollback()
        cursor = await connection.cursor().execute("SELECT count(*) FROM t")
        assert await cursor.fetchone() == (0,)
    finally:
        await connection.close()
        await other.close()


async def test_closing_stops_the_worker_thread(tmp_path: Path):
    connection, other = await open_pair(tmp_path)
    await connection.close()
    await other.close()
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
