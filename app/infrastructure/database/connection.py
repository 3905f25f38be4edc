"""The async engine, its session factory, and how read and write transactions begin on each backend."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event, exc, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

from app.domain.interfaces.unit_of_work import WriteInReadOnlyWork
from app.infrastructure.database import sqlite_driver
from app.infrastructure.database.postgres_reads import PostgresReadPool

_MODE_OPTION = "jobwise_transaction"
logger = logging.getLogger(__name__)


SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


# Keys in a read session's `info` under which SQLite's shared point-read connection (inline reads)
# and its pool of reading threads (every other prepared read) are found.
POINT_READER = "jobwise_point_reader"
READ_POOL = "jobwise_read_pool"
# ... and, on PostgreSQL, asyncpg's own pool for their prepared reads (see postgres_reads.py).
POSTGRES_READS = "jobwise_postgres_reads"
# Threads of that pool: prepared reads that are not point reads (list pages, counts) run side by side
# on this many, a heavy one (a search that scans) holding up no more than its own thread.
READ_THREADS = 4
# PostgreSQL: a connection of asyncpg's read pool unused this long is closed (reopened when needed).
_READ_CONNECTION_IDLE_S = 300.0


@dataclass(frozen=True)
class Database:
    """The engine with a session factory for writing and one for reading units of work."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    point_reader: sqlite3.Connection | None = None
    read_pool: sqlite_driver.ReadPool | None = None
    postgres_reads: PostgresReadPool | None = None

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.postgres_reads is not None:
            await self.postgres_reads.close()
        if self.point_reader is not None:
            self.point_reader.close()
        if self.read_pool is not None:
            self.read_pool.close()


class ReadOnlySession(Session):
    """The session of read-only units of work: it refuses to flush (see `_refuse_flush`)."""


@event.listens_for(ReadOnlySession, "before_flush")
def _refuse_flush(session: Session, *_args: object) -> None:
    raise WriteInReadOnlyWork("a flush")


# What a read-only connection may run: its statements run outside a transaction (autocommit), so a
# write would be saved at once, whatever the unit of work does afterwards.
_READ_STATEMENT = re.compile(r"\s*(?:(?:SELECT|WITH|VALUES|SHOW|EXPLAIN)\b|PRAGMA\s+[\w.]+\s*;?\s*$)", re.I)


def _refuse_write_statements(reader: AsyncEngine) -> None:
    """Raise WriteInReadOnlyWork before any write statement reaches a read-only connection.

    The listener sits on the reader's option engine only: writing connections do not pay for it.
    """

    @event.listens_for(reader.sync_engine, "before_cursor_execute")
    def _check(
        _conn: Connection,
        _cursor: object,
        statement: str,
        _parameters: object,
        context: DefaultExecutionContext | None,
        _executemany: bool,
    ) -> None:
        compiled_write = context is not None and (
            context.isinsert or context.isupdate or context.isdelete or context.isddl
        )
        if compiled_write or not _READ_STATEMENT.match(statement):
            raise WriteInReadOnlyWork(f"the statement {statement[:60]!r}")


@dataclass(frozen=True)
class PostgresOptions:
    """PostgreSQL's pool beyond its size, and its statement cache (SQLite ignores them)."""

    max_overflow: int = 0  # connections opened beyond pool_size under a burst, closed when returned
    recycle_s: int = 1800  # connections older than this are replaced at checkout (-1: never)
    statement_cache_size: int = 500  # statements asyncpg keeps prepared, per connection (0: none)


def create_database(
    url: str, *, echo: bool = False, pool_size: int = 20, postgres: PostgresOptions | None = None
) -> Database:
    options = postgres or PostgresOptions()
    engine = create_engine(url, echo=echo, pool_size=pool_size, postgres=options)
    if engine.dialect.name != "sqlite":
        # PostgreSQL: a read needs no BEGIN/ROLLBACK round trips around its statements, and its
        # prepared reads run on asyncpg's own pool, as large as the engine's.
        reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        _, connect_args = engine.dialect.create_connect_args(engine.url)
        reads = PostgresReadPool(
            connect_args,
            size=pool_size,
            statement_cache_size=options.statement_cache_size,
            idle_s=_READ_CONNECTION_IDLE_S,
            decode_json=_read_json,
        )
        read_sessions = _read_session_factory(reader, info={POSTGRES_READS: reads})
        return Database(engine, _session_factory(engine), read_sessions, postgres_reads=reads)
    # Reads run each statement on its own (no BEGIN, nothing to roll back); writes take the write
    # lock at BEGIN (see _begin_sqlite_transactions). Every statement runs off the event loop but the
    # prepared point reads (see sqlite_driver).
    reader = engine.execution_options(**{_MODE_OPTION: "read"})
    database = make_url(url).database or ":memory:"
    if database == ":memory:":
        return Database(engine, _session_factory(engine), _read_session_factory(reader))
    point_reader = sqlite_driver.open_point_reader(database)
    read_pool = sqlite_driver.ReadPool(database, threads=READ_THREADS)
    info = {POINT_READER: point_reader, READ_POOL: read_pool}
    read_sessions = _read_session_factory(reader, info=info)
    return Database(engine, _session_factory(engine), read_sessions, point_reader, read_pool)


def _session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def _read_session_factory(
    reader: AsyncEngine, *, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """Sessions that cannot write: no flush, no write statement (both raise WriteInReadOnlyWork)."""
    _refuse_write_statements(reader)
    return async_sessionmaker(
        reader, expire_on_commit=False, autoflush=False, info=info, sync_session_class=ReadOnlySession
    )


def _read_json(text: str | bytes) -> Any:
    """JSON columns read with orjson (5-10x json's speed on a stored document); integers past 64 bits,
    which orjson refuses, fall back to json."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _write_json(value: Any) -> str:
    """Strict JSON only: NaN and Infinity are refused (PostgreSQL's jsonb and SQLite's json() would
    refuse them when read), so every stored document is valid JSON on both engines."""
    return json.dumps(value, allow_nan=False)


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = 10, postgres: PostgresOptions | None = None
) -> AsyncEngine:
    """Build the engine; SQLite runs on the lean driver with WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _postgres_engine(url, echo=echo, pool_size=pool_size, options=postgres or PostgresOptions())
    database = parsed.database or ":memory:"
    if database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        json_deserializer=_read_json,
        json_serializer=_write_json,
        async_creator=lambda: sqlite_driver.connect(database, pragmas=SQLITE_PRAGMAS),
    )
    _begin_sqlite_transactions(engine)
    return engine


def _postgres_engine(url: str, *, echo: bool, pool_size: int, options: PostgresOptions) -> AsyncEngine:
    """asyncpg with its statements prepared once per connection and no round trip at checkout.

    `pool_pre_ping` would cost a round trip on every checkout. Instead a connection whose socket
    the event loop has seen closed (a server restart, `pg_terminate_backend`) is replaced at checkout
    for free, connections are recycled after `recycle_s`, and a prepared read that meets a connection
    dropped in between is retried once on a fresh one (see PreparedRead). The URL's own
    `prepared_statement_cache_size` wins over the option.
    """
    cache = {"prepared_statement_cache_size": options.statement_cache_size}
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        json_deserializer=_read_json,
        json_serializer=_write_json,
        max_overflow=options.max_overflow,
        pool_recycle=options.recycle_s,
        connect_args={} if "prepared_statement_cache_size" in make_url(url).query else cache,
    )
    event.listen(engine.sync_engine.pool, "checkout", _refuse_closed_connection)
    return engine


def _refuse_closed_connection(_dbapi: object, record: ConnectionPoolEntry, _proxy: object) -> None:
    """A connection the server closed is replaced, not handed out (checking costs no round trip)."""
    if record.driver_connection.is_closed():  # type: ignore[union-attr]
        raise exc.DisconnectionError("the server closed the connection")


def _begin_sqlite_transactions(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(_MODE_OPTION) == "read":
            return
        if connection.connection.dbapi_connection.isolation_level is None:  # type: ignore[union-attr]
            return  # isolation_level="AUTOCOMMIT": each statement on its own, as SQLAlchemy promises
        # A deferred transaction that reads and then writes fails with SQLITE_BUSY when another
        # writer committed in between; every other transaction takes the write lock at BEGIN instead
        # (waiting for it on the driver's thread, not on the event loop).
        connection.exec_driver_sql("BEGIN IMMEDIATE")


async def database_is_reachable(engine: AsyncEngine) -> bool:
    """Readiness: can a connection run `SELECT 1`? Any failure is logged and answers False."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        logger.exception("database is not reachable")
        return False
    return True
