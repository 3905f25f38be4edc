"""Which reads are point reads (inline on SQLite's event loop): one row of each table, by a unique key."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite

from app.infrastructure.database.point_read import is_point_read
from app.infrastructure.repositories import job_repository, profile_repository, refresh_session_repository

metadata = MetaData()
owners = Table(
    "owners", metadata, Column("id", Integer, primary_key=True), Column("email", String, unique=True)
)
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("owners.id")),
    Column("slot", Integer),
    Column("code", String),
    Column("main", Boolean),
    UniqueConstraint("owner_id", "slot"),
    Index("uq_code", "code", unique=True),
    Index("uq_main", "owner_id", unique=True, sqlite_where=text("main")),
)
_t, _o = things.c, owners.c


@pytest.mark.parametrize(
    "statement",
    [
        select(_t.slot).where(_t.id == bindparam("id")),
        select(_o.id).where(_o.email == bindparam("email")),  # a column declared unique
        select(_t.id).where(_t.owner_id == bindparam("o"), _t.slot == bindparam("s"), _t.code > "a"),
        select(_t.id).where(_t.code == bindparam("code")),  # a unique index
        select(_t.id).where(_t.owner_id == bindparam("o"), _t.main),  # a partial one, its predicate given
        select(_t.id, _o.email)  # the joined row found by the other's column
        .select_from(things.join(owners, _o.id == _t.owner_id))
        .where(_t.id == bindparam("id")),
        select(_t.id, _o.email)
        .select_from(owners.join(things, _t.owner_id == _o.id))
        .where(_t.code == bindparam("code")),
    ],
)
def test_one_row_by_a_unique_key_is_a_point_read(statement: Select[Any]):
    assert is_point_read(statement)


@pytest.mark.parametrize(
    "statement",
    [
        select(_t.id).where(_t.owner_id == bindparam("o")),  # every thing of an owner
        select(_t.id).where(_t.owner_id == bindparam("o"), _t.main.is_(False)),  # not the index's predicate
        select(_t.id).where(_t.slot == bindparam("s")),  # half of a two-column key
        select(_t.id).where((_t.id == bindparam("a")) | (_t.id == bindparam("b"))),  # OR: many rows
        select(_t.id).where(_t.id > bindparam("id")),
        select(func.count()).select_from(things),
        select(_t.id),
        select(func.now()),  # no table at all
        # Each row pins the other, neither is pinned by a value: the whole join.
        select(_t.id, _o.email).select_from(things.join(owners, _o.id == _t.owner_id)),
        select(_t.id, _o.email)  # one owner, but all of its things
        .select_from(owners.join(things, _t.owner_id == _o.id))
        .where(_o.id == bindparam("id")),
        select(text("rowid")).select_from(text("search")).where(text("search MATCH 'x'")),
        select(_t.id).where(_t.id.in_(select(_t.id).where(_t.owner_id == 1).scalar_subquery())),
    ],
)
def test_anything_else_is_not(statement: Select[Any]):
    assert not is_point_read(statement)


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_hot_point_reads_run_inline_and_job_pages_and_counts_do_not(dialect: Any):
    inline = [
        refresh_session_repository._AUTHENTICATED_USER,
        profile_repository._PRIMARY_VIEW,
        profile_repository._VIEW_BY_ID,
        job_repository._count_read((), ""),  # the unfiltered total: job_counts by its key
    ]
    assert all(read._compiled_for(dialect).point_read for read in inline)
    off_loop = [
        job_repository._page_read(dialect.name, ("-created_at", (), "", ("id",))),
        job_repository._page_read(dialect.name, ("title", ("status",), "indexed", ("id", "title"))),
        job_repository._count_read(("remote",), ""),
        job_repository._count_read((), "scan"),
    ]
    assert not any(read._compiled_for(dialect).point_read for read in off_loop)
