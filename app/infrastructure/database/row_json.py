"""Rows serialized to JSON by the database itself (json_object on SQLite, json_build_object on
PostgreSQL): the read model of the hot list pages, cheaper than loading entities. Timestamps are ISO 8601
in UTC with their zone, JSON columns embedded as JSON, booleans as JSON booleans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Text, case, func, literal_column

from app.infrastructure.database.types import UtcDateTime


def sql_text(value: str) -> ColumnElement[Any]:
    """A SQL string literal written into the statement (not a bound parameter)."""
    return literal_column("'" + value.replace("'", "''") + "'")


def json_value(column: Any, dialect: str) -> ColumnElement[Any]:
    """A column as a JSON value: timestamps as ISO 8601 in UTC with their zone, lists as arrays."""
    if isinstance(column.type, UtcDateTime):
        if dialect == "sqlite":  # stored as "YYYY-MM-DD HH:MM:SS.ffffff" in UTC
            return func.replace(column, sql_text(" "), sql_text("T")).concat(sql_text("Z"))
        return func.to_char(func.timezone(sql_text("UTC"), column), sql_text('YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    if isinstance(column.type, JSON):  # JsonType and JsonDocument
        return func.json(column) if dialect == "sqlite" else column
    if dialect == "sqlite" and isinstance(column.type, Boolean):
        return func.json(case((column == literal_column("1"), sql_text("true")), else_=sql_text("false")))
    return column


def json_object(fields: Iterable[tuple[str, Any]], dialect: str, *, label: str) -> ColumnElement[str]:
    """The (key, column) pairs as one JSON object, as text."""
    arguments: list[ColumnElement[Any]] = []
    for key, column in fields:
        arguments += [sql_text(key), json_value(column, dialect)]
    if dialect == "sqlite":
        return func.json_object(*arguments).label(label)
    # As text: the asyncpg dialect would decode a json value into a dict.
    return func.json_build_object(*arguments).cast(Text).label(label)
