"""Is a SELECT a point read: at most one row of each table it reads, found by a unique key?

SQLite runs such a read inline on the event loop (it costs microseconds whatever the data holds);
any other statement leaves the loop (see sqlite_driver). The test is on the statement itself, so a
read whose cost grows cannot end up inline by mistake: each table in FROM (joins included) needs every
column of its primary key, a unique constraint or a unique index equated, at the top level of WHERE or
in a join condition, to a bound value or to a column of a table already found that way. A partial unique
index counts when its predicate is a boolean column the WHERE also requires.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Join, Select, Table, UniqueConstraint
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import (
    AsBoolean,
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    ClauseElement,
)


def _terms(clause: ClauseElement | None) -> Iterator[ClauseElement]:
    """The terms ANDed together at the top level of `clause`."""
    if clause is None:
        return
    if isinstance(clause, BooleanClauseList) and clause.operator is operators.and_:
        for term in clause.clauses:
            yield from _terms(term)
    else:
        yield clause


def _tables(from_: Any, conditions: list[ClauseElement]) -> Iterator[Any]:
    """The tables a FROM item reads, adding its join conditions to `conditions`."""
    if isinstance(from_, Join):
        conditions.extend(_terms(from_.onclause))
        yield from _tables(from_.left, conditions)
        yield from _tables(from_.right, conditions)
    else:
        yield from_


def _unique_keys(table: Table, required: set[str]) -> list[set[str]]:
    """Column-name sets each naming at most one row of `table`, given the boolean columns required."""
    keys = [{column.name for column in table.primary_key}]
    keys += [
        {column.name for column in constraint.columns}
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    for index in table.indexes:
        predicates = {str(options.get("where")) for options in index.dialect_options.values()} - {"None"}
        if index.unique and predicates <= required:
            keys.append({column.name for column in index.columns})
    return [key for key in keys if key]


def is_point_read(statement: Select[Any]) -> bool:
    """True when every table `statement` reads is pinned to at most one row by a unique key."""
    conditions = list(_terms(statement.whereclause))
    tables = [table for from_ in statement.get_final_froms() for table in _tables(from_, conditions)]
    if not tables or not all(isinstance(table, Table) for table in tables):
        return False  # a subquery, a text FROM, or none at all: not judged, so not a point read
    required = {
        term.element.name
        for term in conditions
        if isinstance(term, AsBoolean)
        and term.operator is operators.is_true
        and isinstance(term.element, Column)
    }
    equalities = [
        (term.left, term.right)
        for term in conditions
        if isinstance(term, BinaryExpression) and term.operator is operators.eq
    ]
    pinned: set[Table] = set()
    while True:
        found = {
            table
            for table in tables
            if table not in pinned and _pinned(table, equalities, pinned, required=required)
        }
        if not found:
            return len(pinned) == len(set(tables))
        pinned |= found


def _pinned(
    table: Table, equalities: list[tuple[Any, Any]], pinned: set[Table], *, required: set[str]
) -> bool:
    """Does a unique key of `table` have each column equated to a value or to a pinned table's column?"""
    fixed: set[str] = set()
    for left, right in equalities:
        for mine, other in ((left, right), (right, left)):
            if isinstance(mine, Column) and mine.table is table and _fixed_value(other, pinned):
                fixed.add(mine.name)
    return any(key <= fixed for key in _unique_keys(table, required))


def _fixed_value(expression: Any, pinned: set[Table]) -> bool:
    if isinstance(expression, BindParameter):
        return True
    return isinstance(expression, Column) and expression.table in pinned
