"""A lean asyncio connection for SQLite, used under SQLAlchemy's aiosqlite dialect.

The rule: no statement whose cost grows with the user's data runs on the event loop. Every statement
that comes through SQLAlchemy (this connection) runs on the connection's own worker thread, whatever
it is: lists, searches, counts, writes, BEGIN, COMMIT, ROLLBACK. sqlite3 lets go of the GIL while
SQLite works, so the loop keeps serving other requests meanwhile. Only the prepared point reads
(PreparedRead: one row by primary key or unique index, whose cost does not grow) run inline, on the
shared point reader (`open_point_reader`), because a hand-over costs more than they do.

Unlike aiosqlite, which hands every cursor step (open, execute, fetch, close) to its thread, one
statement here is one hand-over: it runs and fetches its rows in a single job, and a ROLLBACK with
no transaction open is answered without one (the pool's reset of every read connection). Prepared
reads that are not point reads (a list page, a count) skip SQLAlchemy altogether: they go to a
`ReadPool`, a few threads with a read-only connection each (WAL lets readers run side by side).

BEGIN waits for the lock in short slices of the busy timeout (LOCK_WAIT_SLICE_MS), so that a waiter
cancelled (a client gone, a request timed out) lets go within one slice, not after the whole timeout;
its connection is left outside any transaction. SQLAlchemy's isolation_level="AUTOCOMMIT" is recorded
here and honoured by the engine's BEGIN hook, which then begins nothing.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from queue import SimpleQueue
from threading import Event, Thread, local
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


# BEGIN waits for the write lock in slices this long, checking between them whether its waiter was
# cancelled: SQLite's busy wait cannot be interrupted (sqlite3_interrupt does not reach it).
LOCK_WAIT_SLICE_MS = 20


def _begin(
    raw: sqlite3.Connection, sql: str, parameters: Sequence[Any], *, cancelled: Event, timeout_s: float
) -> tuple[Any, int, int | None, list[Any]]:
    """Run BEGIN, waiting for the write lock up to `timeout_s`, or less once `cancelled` is set."""
    deadline = time.monotonic() + timeout_s
    raw.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_SLICE_MS}").close()
    try:
        while True:
            try:
                result = _run_statement(raw, sql, parameters)
            except sqlite3.OperationalError as error:
                busy = error.sqlite_errorcode == sqlite3.SQLITE_BUSY
                if not busy or cancelled.is_set() or time.monotonic() >= deadline:
                    raise
            else:
                if cancelled.is_set():  # got the lock, but nobody waits for it any more
                    raw.rollback()
                return result
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}").close()


def _undo_begin(raw: sqlite3.Connection) -> None:
    if raw.in_transaction:
        raw.rollback()


def _run_many(raw: sqlite3.Connection, sql: str, rows: Iterable[Sequence[Any]]) -> tuple[int, int | None]:
    cursor = raw.executemany(sql, rows)
    try:
        return cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class LeanCursor:
    """The cursor shape SQLAlchemy's adapter expects; each statement runs on the connection's thread."""

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
        connection = self._connection
        if sql.lstrip()[:5].upper() == "BEGIN":
            result = await connection.begin(sql, parameters)
        else:
            raw = connection.raw
            result = await connection.run(lambda: _run_statement(raw, sql, parameters))
        self.description, self.rowcount, self.lastrowid, rows = result
        self._rows = deque(rows)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> LeanCursor:
        raw = self._connection.raw
        self.rowcount, self.lastrowid = await self._connection.run(lambda: _run_many(raw, sql, rows))
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


class _InlineJobs:
    """Runs a (future, function) job at once: SQLAlchemy's aiosqlite adapter hands the isolation level
    setter to aiosqlite's queue this way, and setting an attribute needs no thread."""

    def put_nowait(self, job: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = job
        try:
            future.set_result(function())
        except Exception as error:
            future.set_exception(error)


class LeanConnection:
    """One sqlite3 connection owned by one worker thread; the attributes mirror aiosqlite's."""

    def __init__(
        self, raw: sqlite3.Connection, jobs: _Queue, thread: Thread, *, timeout_s: float = 30.0
    ) -> None:
        self._connection: sqlite3.Connection | None = raw  # SQLAlchemy's adapter checks this name
        self._jobs = jobs
        self._thread = thread
        self._timeout_s = timeout_s
        # What SQLAlchemy set (None: AUTOCOMMIT). Only recorded: the sqlite3 connection itself always
        # runs in its autocommit mode, and transactions begin with the engine's explicit BEGIN, which
        # the engine leaves out under AUTOCOMMIT (see connection.py).
        self.isolation_level: str | None = ""
        self._tx = _InlineJobs()  # SQLAlchemy's adapter sets isolation_level through `_tx` on `_conn`

    @property
    def _conn(self) -> LeanConnection:
        return self

    @property
    def raw(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    async def run(self, function: Callable[[], Any]) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._jobs.put((future, function))
        return await future

    async def begin(self, sql: str, parameters: Sequence[Any]) -> tuple[Any, int, int | None, list[Any]]:
        """BEGIN on the worker thread (it may wait for the write lock). Cancelled while waiting, it lets
        go within one wait slice and leaves the connection outside any transaction."""
        raw, cancelled = self.raw, Event()
        try:
            return await self.run(
                lambda: _begin(raw, sql, parameters, cancelled=cancelled, timeout_s=self._timeout_s)
            )
        except asyncio.CancelledError:
            cancelled.set()
            # Queued behind the BEGIN (one worker, jobs in order): runs once it gave up or got through.
            await self.run(lambda: _undo_begin(raw))
            raise

    def cursor(self) -> LeanCursor:
        return LeanCursor(self)

    async def commit(self) -> None:
        raw = self.raw
        if raw.in_transaction:
            await self.run(raw.commit)

    async def rollback(self) -> None:
        raw = self.raw
        if raw.in_transaction:  # else nothing to undo: no hand-over (every read connection's reset)
            await self.run(raw.rollback)

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
    return LeanConnection(raw, jobs, thread, timeout_s=timeout_s)


class ReadPool:
    """A few threads, each with its own read-only connection, running prepared reads off the loop.

    Each job is one self-contained statement (no transaction spans two), so any thread may take it;
    in WAL mode readers neither wait for writers nor for each other.
    """

    def __init__(self, database: str, *, threads: int) -> None:
        self._jobs: _Queue = SimpleQueue()
        self._local = local()
        self.connections = [open_point_reader(database) for _ in range(threads)]
        for number, raw in enumerate(self.connections):
            Thread(target=self._serve, args=(raw,), name=f"sqlite-reader-{number}", daemon=True).start()

    def _serve(self, raw: sqlite3.Connection) -> None:
        self._local.raw = raw
        try:
            _worker(self._jobs)
        finally:
            raw.close()

    async def fetch(self, sql: str, parameters: Sequence[Any], *, first_only: bool) -> list[Any]:
        """The rows of `sql` (only the first when `first_only`), read on one of the pool's threads."""
        future = asyncio.get_running_loop().create_future()
        self._jobs.put((future, lambda: _fetch_rows(self._local.raw, sql, parameters, first_only=first_only)))
        rows: list[Any] = await future
        return rows

    def close(self) -> None:
        """Stop the threads; each closes its connection once the jobs before its stop are done."""
        for _ in self.connections:
            self._jobs.put(None)


def _fetch_rows(
    raw: sqlite3.Connection, sql: str, parameters: Sequence[Any], *, first_only: bool
) -> list[Any]:
    cursor = raw.execute(sql, parameters)
    try:
        return [cursor.fetchone()] if first_only else cursor.fetchall()
    finally:
        cursor.close()


def open_point_reader(database: str) -> sqlite3.Connection:
    """A read-only connection for the prepared point reads, run inline on the event loop.

    Such a read never waits for a lock in WAL mode and never interleaves with another (it holds no
    await), so one connection serves every coroutine of the loop. Only PreparedRead uses it inline,
    and only for point reads (see prepared_read.py); a ReadPool's threads each hold one too.
    """
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    raw.execute("PRAGMA query_only=ON").close()
    return raw
