"""PreparedRead: compiled per dialect name, driver and parameter style; its reads visible in echo."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, create_engine, select
from sqlalchemy.engine import Engine

from app.infrastructure.database.connection import POINT_READER, create_database
from app.infrastructure.database.prepared_read import PreparedRead
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork

people = Table("people", MetaData(), Column("id", Integer, primary_key=True), Column("name", String))


def point_read_session(raw: sqlite3.Connection, engine: Engine) -> Any:
    """What PreparedRead uses of a read session on SQLite: its point reader and its bind."""
    return SimpleNamespace(info={POINT_READER: raw}, get_bind=lambda: engine)


@pytest.fixture
def raw() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO people VALUES (7, 'Ada')")
    return connection


@pytest.mark.parametrize("order", [("named", "qmark"), ("qmark", "named")])
async def test_each_parameter_style_gets_its_own_statement_and_its_parameters_in_that_style(
    raw: sqlite3.Connection, order: tuple[str, str]
):
    read = PreparedRead(lambda _dialect: select(people).where(people.c.id == bindparam("person_id")))
    for paramstyle in order:  # same dialect name and driver, another parameter style
        engine = create_engine("sqlite://", paramstyle=paramstyle)
        row = await read.first(point_read_session(raw, engine), person_id=7)
        assert row == {"id": 7, "name": "Ada"}, paramstyle


async def test_a_value_the_statement_gives_itself_needs_no_argument(raw: sqlite3.Connection):
    read = PreparedRead(
        lambda _dialect: select(people.c.name).where(people.c.id == bindparam("person_id"), people.c.id > 0)
    )
    for paramstyle in ("named", "qmark"):
        engine = create_engine("sqlite://", paramstyle=paramstyle)
        assert await read.column(point_read_session(raw, engine), person_id=7) == ["Ada"]


async def test_prepared_reads_show_in_the_echo(database_url: str, caplog: pytest.LogCaptureFixture):
    database = create_database(database_url, echo=True)
    try:
        with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
            async with SqlAlchemyUnitOfWork(database).read_only() as uow:
                assert await uow.refresh_sessions.get_authenticated_user(str(uuid.uuid4())) is None
    finally:
        await database.dispose()
    echoed = [r.getMessage() for r in caplog.records if r.name.startswith("sqlalchemy.engine")]
    assert any("FROM refresh_sessions" in message for message in echoed), echoed


async def test_without_echo_prepared_reads_log_nothing(database_url: str, caplog: pytest.LogCaptureFixture):
    database = create_database(database_url)
    try:
        with caplog.at_level(logging.WARNING, logger="sqlalchemy.engine"):
            async with SqlAlchemyUnitOfWork(database).read_only() as uow:
                assert await uow.refresh_sessions.get_authenticated_user(str(uuid.uuid4())) is None
    finally:
        await database.dispose()
    assert not [r for r in caplog.records if r.name.startswith("sqlalchemy.engine")]
