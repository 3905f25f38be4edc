"""A Core SELECT compiled once per dialect and run with as little machinery as possible.

SQLAlchemy's per-execution machinery (greenlet hand-offs, compiled-cache lookup, result set set-up)
costs ~0.2 ms per statement on this kind of machine, more than the rest of an authenticated request.
The hottest reads (the authenticated-user check on every request, the profile view) go through here;
everything else uses the ORM. Where a read runs is decided by its statement: a point read (at most
one row of each table, found by a unique key: see point_read.py) runs on SQLite inline on the shared
point-read connection, since its cost does not grow with the data; any other (a list page, a count)
runs on SQLite on a thread of the read pool, off the event loop. On PostgreSQL a read of a read-only
unit of work runs on asyncpg's own pool (postgres_reads.py), and a read of a writing one on its
transaction's connection. Bind and result processing still come from the
columns' own SQLAlchemy types, so values come back as an ordinary execution gives them.

A statement is compiled once per dialect name, driver and parameter style (the SQL text and the
processors depend on all three), and its parameters are passed in that style: a sequence for
positional styles (qmark, numeric, format...), a mapping for named ones (named, pyformat). Reads on the
point reader never pass through SQLAlchemy's Connection, so they are logged here, through the engine's
own logger, when echo (or INFO logging of `sqlalchemy.engine`) is on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.infrastructure.database.connection import POINT_READER, POSTGRES_READS, READ_POOL
from app.infrastructure.database.point_read import is_point_read
from app.infrastructure.database.postgres_reads import fetch_rows

_Processor = Callable[[Any], Any] | None
logger = logging.getLogger(__name__)


# What a compiled statement depends on: the dialect, its driver and the driver's parameter style.
_CacheKey = tuple[str, str, str]


def _cache_key(dialect: Dialect) -> _CacheKey:
    return dialect.name, dialect.driver, dialect.paramstyle


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    parameter_names: tuple[str, ...]  # in the statement's order when positional
    bind_processors: dict[str, _Processor]
    defaults: dict[str, Any]  # values the statement itself gives its parameters (no bindparam name)
    keys: tuple[str, ...]
    result_processors: tuple[_Processor, ...]
    point_read: bool  # may run inline on SQLite's point reader (see point_read.py)

    def arguments(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters: a list in order for a positional style, else a mapping by name."""
        if self.defaults:
            params = {**self.defaults, **params}
        processors = self.bind_processors
        if self.positional:
            return [_processed(processors.get(name), params[name]) for name in self.parameter_names]
        return {name: _processed(processors.get(name), params[name]) for name in self.parameter_names}

    def mapping(self, row: Any) -> dict[str, Any]:
        return {
            key: processor(value) if processor else value
            for key, processor, value in zip(self.keys, self.result_processors, row, strict=True)
        }


def _processed(processor: _Processor, value: Any) -> Any:
    return processor(value) if processor is not None else value


def _log_point_read(engine: Engine, compiled: _Compiled, arguments: object, *, on: str) -> None:
    """Echo a read that bypasses SQLAlchemy like SQLAlchemy echoes its own (same logger, same shape),
    when echo (or INFO logging of `sqlalchemy.engine`) is on."""
    if not engine.logger.isEnabledFor(logging.INFO):
        return
    engine.logger.info(compiled.sql)
    engine.logger.info("[prepared read on %s] %r", on, arguments)


async def _asyncpg_rows(
    session: AsyncSession,
    connection: AsyncConnection,
    compiled: _Compiled,
    arguments: Sequence[Any],
    *,
    first_only: bool,
) -> list[Any]:
    """Run on the asyncpg connection itself: asyncpg prepares the statement once per connection
    (its statement cache) and binds and decodes in C, with no cursor or result machinery between.

    A read is idempotent, so one that meets a connection the server dropped after checkout is retried
    once: the connection is invalidated (the pool opens a new one) and the read runs again.
    """
    engine = connection.sync_engine
    _log_point_read(engine, compiled, arguments, on="the asyncpg connection")
    driver: Any = (await connection.get_raw_connection()).driver_connection
    try:
        return await fetch_rows(driver, compiled.sql, arguments, first_only=first_only)
    except Exception as error:
        if not driver.is_closed():
            raise
        logger.warning("a read met a dropped PostgreSQL connection; retrying once: %r", error)
        await connection.invalidate(error)
        await connection.rollback()  # the connection checks a new one out at its next statement
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    return await fetch_rows(driver, compiled.sql, arguments, first_only=first_only)


class PreparedRead:
    """`build(dialect_name)` gives the statement; it is built and compiled once per dialect name,
    driver and parameter style."""

    def __init__(self, build: Callable[[str], Select[Any]]) -> None:
        self._build = build
        self._by_dialect: dict[_CacheKey, _Compiled] = {}

    async def first(self, session: AsyncSession, **params: Any) -> dict[str, Any] | None:
        """The first row as a column-name mapping, or None."""
        compiled, rows = await self._fetch(session, params, first_only=True)
        return compiled.mapping(rows[0]) if rows else None

    async def all(self, session: AsyncSession, **params: Any) -> list[dict[str, Any]]:
        """Every row as a column-name mapping."""
        compiled, rows = await self._fetch(session, params, first_only=False)
        return [compiled.mapping(row) for row in rows]

    async def column(self, session: AsyncSession, **params: Any) -> list[Any]:
        """The first column of every row (no per-row mapping is built)."""
        compiled, rows = await self._fetch(session, params, first_only=False)
        processor = compiled.result_processors[0]
        if processor is None:
            return [row[0] for row in rows]
        return [processor(row[0]) for row in rows]

    async def _fetch(
        self, session: AsyncSession, params: dict[str, Any], *, first_only: bool
    ) -> tuple[_Compiled, list[Any]]:
        point_reader = session.info.get(POINT_READER)
        engine = session.get_bind().engine
        compiled = self._compiled_for(engine.dialect)
        postgres_reads = session.info.get(POSTGRES_READS)
        arguments = compiled.arguments(params)
        if postgres_reads is not None:  # PostgreSQL, read-only work: each statement on its own
            _log_point_read(engine, compiled, arguments, on="asyncpg's read pool")
            rows = await postgres_reads.fetch(compiled.sql, arguments, first_only=first_only)
        elif point_reader is not None:  # a SQLite read: a point read inline, any other off the loop
            on = "the point reader" if compiled.point_read else "the read pool"
            _log_point_read(engine, compiled, arguments, on=on)
            if compiled.point_read:
                cursor = point_reader.execute(compiled.sql, arguments)
                rows = [cursor.fetchone()] if first_only else cursor.fetchall()
            else:
                rows = await session.info[READ_POOL].fetch(compiled.sql, arguments, first_only=first_only)
        else:
            connection = await session.connection()
            if connection.dialect.driver == "asyncpg":  # positional ($1, $2...): arguments is a list
                rows = await _asyncpg_rows(session, connection, compiled, arguments, first_only=first_only)  # type: ignore[arg-type]
            else:  # one round trip on the session's connection (echoed by it), skipping compilation
                driver_arguments = arguments if isinstance(arguments, dict) else tuple(arguments)
                result = await connection.exec_driver_sql(compiled.sql, driver_arguments)
                rows = [result.first()] if first_only else list(result)
        return compiled, [row for row in rows if row is not None]

    def _compiled_for(self, dialect: Dialect) -> _Compiled:
        key = _cache_key(dialect)
        found = self._by_dialect.get(key)
        if found is None:
            found = self._by_dialect[key] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> _Compiled:
        statement = self._build(dialect.name)
        compiled = statement.compile(dialect=dialect)
        columns = list(statement.selected_columns)
        positional = bool(compiled.positional)
        names = compiled.positiontup if positional else dict.fromkeys(compiled.bind_names.values())
        return _Compiled(
            sql=compiled.string,
            positional=positional,
            parameter_names=tuple(names or ()),
            bind_processors={
                name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                for name, bind in compiled.binds.items()
            },
            defaults={
                name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required
            },
            keys=tuple(str(column.key) for column in columns),
            result_processors=tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
            ),
            point_read=is_point_read(statement),
        )
