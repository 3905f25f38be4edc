"""A lean asyncio connection for SQLite, used under SQLAlchemy's aiosqlite dialect.

aiosqlite runs every cursor step (open, execute, fetch, close) on its thread. On this kind of machine
one hand-over costs ~90 µs with an idle loop and, under load, up to the interpreter's 5 ms GIL switch
interval, while an indexed SQLite statement costs ~3 µs. So this connection runs statements inline and
sends to its own worker thread only the steps that can wait for another writer: BEGIN (IMMEDIATE),
which waits for the write lock, and COMMIT, which may checkpoint the WAL and sync the disk. In WAL mode
readers never wait for writers, and a statement inside our own write transaction already holds the lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from queue import SimpleQueue
from threading import Thread
from typing import Any

# A job is a function and the future awaiting its result (None: nobody waits, as when closing at exit).
# A None job stops the worker.
_Job = tuple[asyncio.Future[Any] | None, Callable[[], Any]]
_Queue = SimpleQueue[_Job | None]


def _worker(jobs: _Queue) -> None:
    while True:
        job = jobs.get()
        if job is None:
            return
        future, function = job
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting coroutine, raised there
            if future is not None:
                future.get_loop().call_soon_threadsafe(_set_exception, future, error)
        else:
            if future is not None:
                future.get_loop().call_soon_threadsafe(_set_result, future, result)


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


def _run_statement(
    raw: sqlite3.Connection, sql: str, parameters: Sequence[Any]
) -> tuple[Any, int, int | None, list[Any]]:
    cursor = raw.execute(sql, parameters)
    try:
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _run_many(raw: sqlite3.Connection, sql: str, rows: Iterable[Sequence[Any]]) -> tuple[int, int | None]:
    cursor = raw.executemany(sql, rows)
    try:
        return cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class LeanCursor:
    """The cursor shape SQLAlchemy's adapter expects; only BEGIN leaves the event loop."""

    def __init__(self, connection: LeanConnection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> LeanCursor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> LeanCursor:
        raw = self._connection.raw
        if sql.lstrip()[:5].upper() == "BEGIN":
            result = await self._connection.run(lambda: _run_statement(raw, sql, parameters))
        else:
            result = _run_statement(raw, sql, parameters)
        self.description, self.rowcount, self.lastrowid, rows = result
        self._rows = deque(rows)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> LeanCursor:
        self.rowcount, self.lastrowid = _run_many(self._connection.raw, sql, rows)
        self.description = None
        self._rows.clear()
        return self

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = min(size or self.arraysize, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()


class LeanConnection:
    """One sqlite3 connection owned by one worker thread; the attributes mirror aiosqlite's."""

    def __init__(self, raw: sqlite3.Connection, jobs: _Queue, thread: Thread) -> None:
        self._connection: sqlite3.Connection | None = raw  # SQLAlchemy's adapter checks this name
        self._jobs = jobs
        self._thread = thread

    @property
    def raw(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    async def run(self, function: Callable[[], Any]) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._jobs.put((future, function))
        return await future

    def cursor(self) -> LeanCursor:
        return LeanCursor(self)

    async def commit(self) -> None:
        raw = self.raw
        if raw.in_transaction:
            await self.run(raw.commit)

    async def rollback(self) -> None:
        raw = self.raw
        if raw.in_transaction:
            raw.rollback()  # releases locks; never waits

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self.raw.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is None:
            return
        raw, self._connection = self._connection, None
        await self._finish(raw.close)

    def stop(self) -> None:
        """Close without awaiting (garbage collection or a cancelled close)."""
        if self._connection is not None:
            raw, self._connection = self._connection, None
            self._jobs.put((None, raw.close))
        self._jobs.put(None)

    async def _finish(self, function: Callable[[], Any]) -> None:
        try:
            await self.run(function)
        finally:
            self._jobs.put(None)


async def connect(database: str, *, pragmas: Sequence[str], timeout_s: float = 30.0) -> LeanConnection:
    """Open `database` in autocommit mode (SQLAlchemy's BEGIN hook starts transactions) with `pragmas`."""
    jobs: _Queue = SimpleQueue()
    thread = Thread(target=_worker, args=(jobs,), name="sqlite-worker", daemon=True)
    thread.start()

    def open_connection() -> sqlite3.Connection:
        raw = sqlite3.connect(database, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        for pragma in pragmas:
            raw.execute(pragma).close()
        return raw

    future = asyncio.get_running_loop().create_future()
    jobs.put((future, open_connection))
    try:
        raw = await future
    except BaseException:
        jobs.put(None)
        raise
    return LeanConnection(raw, jobs, thread)


def open_point_reader(database: str) -> sqlite3.Connection:
    """A read-only connection for single-statement reads run inline on the event loop.

    Such a read never waits for a lock in WAL mode and never interleaves with another (it holds no
    await), so one connection serves every coroutine of the loop.
    """
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    raw.execute("PRAGMA query_only=ON").close()
    return raw
