"""Rows serialized to JSON by the database itself: the read model of the hot list pages, cheaper than
loading entities.

The text is written as the API writes JSON (pydantic), so a reader may pass it on as it is:
- compact, keys in the order given, strings escaped as JSON requires (`\\"`, `\\\\`, `\\b \\f \\n \\r \\t`,
  other control characters as `\\u00XX`) and everything else, non-ASCII included, as it is;
- timestamps in ISO 8601 in UTC with a `Z`, microseconds only when there are some;
- booleans as JSON booleans, numbers as numbers, NULL as null;
- string-list columns (`STRING_LIST` in the column's info) written afresh from their elements, whatever
  spacing or escapes they were stored with; any other JSON column is embedded as stored.

SQLite's json_object already writes and escapes that way; on PostgreSQL, json_build_object spaces its
output (`"key" : value`), so the object is put together from each value's to_json text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Text, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from app.infrastructure.database.types import UtcDateTime

# Column.info key marking a JSON column that always holds an array of strings.
STRING_LIST = "string_list"


def sql_text(value: str) -> ColumnElement[Any]:
    """A SQL string literal written into the statement (not a bound parameter)."""
    return literal_column("'" + value.replace("'", "''") + "'")


def _timestamp_text(column: Any, dialect: str) -> ColumnElement[str]:
    """A UTC timestamp as the API writes it: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`."""
    if dialect == "sqlite":  # stored "YYYY-MM-DD HH:MM:SS.ffffff" in UTC
        seconds = func.replace(func.substr(column, 1, 19), sql_text(" "), sql_text("T"))
        fraction = func.substr(column, 20)
    else:
        utc = func.timezone(sql_text("UTC"), column)
        seconds = func.to_char(utc, sql_text('YYYY-MM-DD"T"HH24:MI:SS'))
        fraction = func.to_char(utc, sql_text(".US"))
    shown = case((fraction == sql_text(".000000"), sql_text("")), else_=fraction)
    return seconds.concat(shown).concat(sql_text("Z"))


def _string_list_json(column: Any, dialect: str) -> ColumnElement[str]:
    """A JSON array of strings written afresh, element by element, in the array's order."""
    if dialect == "sqlite":
        elements = func.json_each(column).table_valued("key", "value")
        ordered = select(elements.c.value).order_by(elements.c.key).subquery()
        return func.json(select(func.json_group_array(ordered.c.value)).scalar_subquery())
    elements = (
        func.jsonb_array_elements_text(column)
        .table_valued("value", with_ordinality="position")
        .render_derived()
    )
    array = func.array_to_json(func.array_agg(aggregate_order_by(elements.c.value, elements.c.position)))
    return func.coalesce(cast(select(array).scalar_subquery(), Text), sql_text("[]"))


def _sqlite_value(column: Any) -> ColumnElement[Any]:
    """A column as json_object's argument (which quotes and escapes text itself)."""
    if isinstance(column.type, UtcDateTime):
        return _timestamp_text(column, "sqlite")
    if column.info.get(STRING_LIST):
        return _string_list_json(column, "sqlite")
    if isinstance(column.type, JSON):  # JsonType and JsonDocument
        return func.json(column)
    if isinstance(column.type, Boolean):
        return func.json(case((column == literal_column("1"), sql_text("true")), else_=sql_text("false")))
    return column


def _postgres_value(column: Any) -> ColumnElement[str]:
    """A column as the text of its JSON value."""
    if isinstance(column.type, UtcDateTime):
        value = sql_text('"').concat(_timestamp_text(column, "postgresql")).concat(sql_text('"'))
    elif column.info.get(STRING_LIST):
        return _string_list_json(column, "postgresql")
    elif isinstance(column.type, JSON):
        value = cast(column, Text)
    else:
        value = cast(func.to_json(column), Text)
    return func.coalesce(value, sql_text("null"))


def json_object(fields: Iterable[tuple[str, Any]], dialect: str, *, label: str) -> ColumnElement[str]:
    """The (key, column) pairs as one JSON object, as text (see the module's docstring for the form)."""
    pairs = list(fields)
    if dialect == "sqlite":
        arguments: list[ColumnElement[Any]] = []
        for key, column in pairs:
            arguments += [sql_text(key), _sqlite_value(column)]
        return func.json_object(*arguments).label(label)
    text: ColumnElement[str] = sql_text("{")
    for position, (key, column) in enumerate(pairs):
        separator = "," if position else ""
        text = text.concat(sql_text(separator + json.dumps(key) + ":")).concat(_postgres_value(column))
    return text.concat(sql_text("}")).label(label)
