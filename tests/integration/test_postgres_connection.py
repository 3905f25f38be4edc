"""PostgreSQL's connections: no round trip at checkout yet no error after the server dropped them,
statements prepared once per connection, reads in autocommit. Runs on TEST_DATABASE_URL when it
names PostgreSQL, else on a throw-away server (tests/postgres_server.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
from sqlalchemy import bindparam, func, literal_column, select, text
from sqlalchemy.engine import make_url

from app.infrastructure.database.connection import Database, PostgresOptions, create_database
from app.infrastructure.database.models.user_model import users_table
from app.infrastructure.database.prepared_read import PreparedRead
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork
from tests.helpers import bearer, make_client, make_settings, running_app
from tests.postgres_server import migrated, throwaway_postgres

_NO_SUCH_TABLE = PreparedRead(lambda _dialect: select(text("1")).select_from(text("no_such_table")))
_USER_EMAIL = PreparedRead(
    lambda _dialect: select(users_table.c.email).where(users_table.c.id == bindparam("id"))
)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    given = os.environ.get("TEST_DATABASE_URL", "")
    if given.startswith("postgresql"):
        yield migrated(given)
        return
    with throwaway_postgres() as url:
        yield url


async def _drop_connections(url: str) -> int:
    """What a server restart does to the pool: every other backend of the database is terminated."""
    connection = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    try:
        return int(
            await connection.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    finally:
        await connection.close()


async def _register(client: httpx.AsyncClient) -> dict[str, str]:
    body = {"email": f"{uuid.uuid4().hex}@example.com", "password": "a-good-password-1", "full_name": "P"}
    response = await client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    return bearer(response.json()["access_token"])


async def test_requests_after_the_server_dropped_every_connection_are_answered(postgres_url: str):
    async with running_app(make_settings(postgres_url)) as app, make_client(app) as client:
        headers = await _register(client)
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
        assert await _drop_connections(postgres_url) >= 1
        await asyncio.sleep(0.1)  # the event loop sees the sockets close
        me = await client.get("/api/v1/auth/me", headers=headers)
        assert me.status_code == 200, me.text
        created = await client.post(
            "/api/v1/jobs", json={"title": "After", "company": "Restart"}, headers=headers
        )
        assert created.status_code == 201, created.text  # writes get a live connection too


@pytest.fixture
async def one_connection(postgres_url: str) -> AsyncIterator[Database]:
    database = create_database(postgres_url, pool_size=1, postgres=PostgresOptions(max_overflow=0))
    yield database
    await database.dispose()


async def _some_user_id(database: Database) -> tuple[int, str]:
    async with SqlAlchemyUnitOfWork(database).read_only() as uow:
        session = uow.users._session
        row = (await session.execute(select(users_table.c.id, users_table.c.email).limit(1))).one()
    return row.id, row.email


async def test_a_prepared_read_on_a_connection_dropped_in_the_middle_of_work_is_retried_once(
    postgres_url: str, one_connection: Database, caplog: pytest.LogCaptureFixture
):
    async with running_app(make_settings(postgres_url)) as app, make_client(app) as client:
        await _register(client)  # at least one user
    user_id, email = await _some_user_id(one_connection)
    async with SqlAlchemyUnitOfWork(one_connection) as uow:  # a writing one: reads on its connection
        session = uow.users._session
        assert await _USER_EMAIL.column(session, id=user_id) == [email]  # the connection is checked out
        assert await _drop_connections(postgres_url) >= 1
        await asyncio.sleep(0.1)
        with caplog.at_level(logging.WARNING):
            assert await _USER_EMAIL.first(session, id=user_id) == {"email": email}
            assert await _USER_EMAIL.column(session, id=user_id) == [email]  # and the next read too
    assert "retrying once" in caplog.text
    assert caplog.text.count("retrying once") == 1


async def test_a_failing_read_on_a_live_connection_is_not_retried(
    one_connection: Database, caplog: pytest.LogCaptureFixture
):
    async with SqlAlchemyUnitOfWork(one_connection).read_only() as uow:
        with caplog.at_level(logging.WARNING), pytest.raises(asyncpg.UndefinedTableError):
            await _NO_SUCH_TABLE.first(uow.users._session)
    assert "retrying" not in caplog.text


async def _prepared_statements(database: Database, fragment: str) -> int:
    """How many statements containing `fragment` the pool's one connection holds prepared."""
    async with database.engine.connect() as connection:
        query = text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :fragment")
        return int(await connection.scalar(query, {"fragment": f"%{fragment}%"}))


async def _prepared_on_the_read_pool(database: Database, fragment: str) -> int:
    """The same on the one connection of asyncpg's read pool."""
    assert database.postgres_reads is not None
    query = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE $1"
    [row] = await database.postgres_reads.fetch(query, [f"%{fragment}%"], first_only=True)
    return int(row[0])


_BACKEND = PreparedRead(lambda _dialect: select(func.pg_backend_pid().label("pid")))


async def test_statements_are_prepared_once_per_connection(one_connection: Database):
    user_id, email = await _some_user_id(one_connection)
    for _ in range(3):
        async with SqlAlchemyUnitOfWork(one_connection).read_only() as uow:
            session = uow.users._session
            assert await _USER_EMAIL.column(session, id=user_id) == [email]  # on asyncpg's read pool
            assert (
                await session.execute(select(users_table.c.email).where(users_table.c.id == user_id))
            ).scalar() == email  # through the session, on the engine's connection
        async with SqlAlchemyUnitOfWork(one_connection) as uow:  # writing work: its own connection
            assert await _USER_EMAIL.column(uow.users._session, id=user_id) == [email]
    assert await _prepared_statements(one_connection, "SELECT users.email") == 2  # one each, not six
    assert await _prepared_on_the_read_pool(one_connection, "SELECT users.email") == 1  # not three


async def test_read_only_work_reads_on_the_read_pool_and_writing_work_on_its_transaction(
    one_connection: Database,
):
    async with SqlAlchemyUnitOfWork(one_connection).read_only() as uow:
        session = uow.users._session
        pooled = await _BACKEND.column(session)
        own = (await session.execute(text("SELECT pg_backend_pid()"))).scalar()
    async with SqlAlchemyUnitOfWork(one_connection) as uow:
        session = uow.users._session
        in_transaction = (await session.execute(text("SELECT pg_backend_pid()"))).scalar()
        assert await _BACKEND.column(session) == [in_transaction]
    assert pooled != [own]
    assert own == in_transaction  # the engine's one connection


async def test_without_a_statement_cache_nothing_stays_prepared(postgres_url: str):
    database = create_database(
        postgres_url, pool_size=1, postgres=PostgresOptions(max_overflow=0, statement_cache_size=0)
    )
    try:
        async with SqlAlchemyUnitOfWork(database).read_only() as uow:
            await uow.users._session.execute(select(users_table.c.full_name).limit(1))
        assert await _prepared_statements(database, "SELECT users.full_name") == 0
    finally:
        await database.dispose()


async def test_the_url_statement_cache_size_wins_over_the_option(postgres_url: str):
    url = (
        make_url(postgres_url)
        .update_query_dict({"prepared_statement_cache_size": "0"})
        .render_as_string(False)
    )
    database = create_database(
        url, pool_size=1, postgres=PostgresOptions(max_overflow=0, statement_cache_size=50)
    )
    try:
        async with SqlAlchemyUnitOfWork(database).read_only() as uow:
            await uow.users._session.execute(select(users_table.c.is_verified).limit(1))
        assert await _prepared_statements(database, "SELECT users.is_verified") == 0
    finally:
        await database.dispose()


async def test_read_only_work_runs_each_statement_in_its_own_transaction(one_connection: Database):
    async with SqlAlchemyUnitOfWork(one_connection).read_only() as uow:
        session = uow.users._session
        first = (await session.execute(text("SELECT transaction_timestamp()"))).scalar()
        await asyncio.sleep(0.01)
        second = (await session.execute(text("SELECT transaction_timestamp()"))).scalar()
    assert first != second  # autocommit: no BEGIN, no transaction spanning the reads
    async with SqlAlchemyUnitOfWork(one_connection) as uow:
        session = uow.users._session
        first = (await session.execute(text("SELECT transaction_timestamp()"))).scalar()
        await asyncio.sleep(0.01)
        second = (await session.execute(text("SELECT transaction_timestamp()"))).scalar()
    assert first == second  # a writing unit of work is one transaction


_DOCUMENTS = PreparedRead(
    lambda _dialect: select(
        literal_column("""'{"a": [1, "é"]}'::jsonb""").label("binary"),
        literal_column("""'{"b" : null}'::json""").label("text"),
    )
)


async def test_json_reads_the_same_on_the_read_pool_as_on_a_transaction(one_connection: Database):
    async with SqlAlchemyUnitOfWork(one_connection).read_only() as uow:
        pooled = await _DOCUMENTS.first(uow.users._session)
    async with SqlAlchemyUnitOfWork(one_connection) as uow:
        own = await _DOCUMENTS.first(uow.users._session)
    assert pooled == own == {"binary": {"a": [1, "é"]}, "text": {"b": None}}
