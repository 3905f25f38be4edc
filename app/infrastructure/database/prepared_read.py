"""A Core SELECT compiled once per dialect and run with as little machinery as possible.

SQLAlchemy's per-execution machinery (greenlet hand-offs, compiled-cache lookup, result set set-up)
costs ~0.2 ms per statement on this kind of machine, more than the rest of an authenticated request.
The hottest reads (the authenticated-user check on every request, the profile view) go through here;
everything else uses the ORM. On SQLite the statement runs inline on the shared point-read connection;
elsewhere it goes to the session's connection as plain driver SQL. Bind and result processing still
come from the columns' own SQLAlchemy types, so values come back as an ordinary execution gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.database.connection import POINT_READER

_Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    parameter_names: tuple[str, ...]
    bind_processors: dict[str, _Processor]
    keys: tuple[str, ...]
    result_processors: tuple[_Processor, ...]

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        values = []
        for name in self.parameter_names:
            processor = self.bind_processors.get(name)
            values.append(processor(params[name]) if processor else params[name])
        return values

    def mapping(self, row: Any) -> dict[str, Any]:
        return {
            key: processor(value) if processor else value
            for key, processor, value in zip(self.keys, self.result_processors, row, strict=True)
        }


class PreparedRead:
    """`build(dialect_name)` gives the statement; it is built and compiled once per dialect."""

    def __init__(self, build: Callable[[str], Select[Any]]) -> None:
        self._build = build
        self._by_dialect: dict[str, _Compiled] = {}

    async def first(self, session: AsyncSession, **params: Any) -> dict[str, Any] | None:
        """The first row as a column-name mapping, or None."""
        compiled, rows = await self._fetch(session, params, first_only=True)
        return compiled.mapping(rows[0]) if rows else None

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
        if point_reader is not None:  # SQLite: inline, on the shared read connection (see sqlite_driver)
            compiled = self._compiled_for(session.get_bind().dialect)
            cursor = point_reader.execute(compiled.sql, compiled.arguments(params))
            rows = [cursor.fetchone()] if first_only else cursor.fetchall()
        else:  # one round trip on the session's connection, skipping statement compilation
            connection = await session.connection()
            compiled = self._compiled_for(connection.dialect)
            result = await connection.exec_driver_sql(compiled.sql, tuple(compiled.arguments(params)))
            rows = [result.first()] if first_only else list(result)
        return compiled, [row for row in rows if row is not None]

    def _compiled_for(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            found = self._by_dialect[dialect.name] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> _Compiled:
        statement = self._build(dialect.name)
        compiled = statement.compile(dialect=dialect)
        columns = list(statement.selected_columns)
        return _Compiled(
            sql=compiled.string,
            parameter_names=tuple(compiled.positiontup or ()),
            bind_processors={
                name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                for name, bind in compiled.binds.items()
            },
            keys=tuple(str(column.key) for column in columns),
            result_processors=tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
            ),
        )
