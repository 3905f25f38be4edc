"""The database goes away and comes back: requests answer 503 service_unavailable with a Retry-After,
/ready 503, nothing half-written is kept, and the same app answers again once the database is back.

PostgreSQL: a throw-away server of its own (tests/postgres_server.py), stopped and started again on
its port. SQLite: the database's directory moved away (a detached volume) and put back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from app.domain.entities.user import User
from app.domain.errors import ServiceUnavailableError
from app.infrastructure.database.models.user_model import users_table
from tests.helpers import bearer, make_client, make_settings, running_app, uow_of
from tests.postgres_server import PostgresServer, migrated, throwaway_postgres_server


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with throwaway_postgres_server() as server:
        yield server


def _new_account() -> dict[str, str]:
    return {"email": f"{uuid.uuid4().hex}@example.com", "password": "a-good-password-1", "full_name": "O"}


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) >= 1


async def _count_users(client: httpx.AsyncClient, app: FastAPI, email: str) -> int:
    async with uow_of(app).read_only() as uow:
        session = uow.users._session
        return int(await session.scalar(select(func.count()).where(users_table.c.email == email)) or 0)


async def test_a_stopped_postgresql_answers_503_and_the_same_app_recovers_when_it_is_back(
    postgres: PostgresServer,
):
    async with running_app(make_settings(postgres.url)) as app, make_client(app) as client:
        registered = await client.post("/api/v1/auth/register", json=_new_account())
        headers = bearer(registered.json()["access_token"])
        postgres.stop()
        try:
            assert_unavailable(await client.get("/api/v1/auth/me", headers=headers))
            assert_unavailable(await client.get("/api/v1/jobs", headers=headers))
            assert_unavailable(
                await client.post("/api/v1/jobs", json={"title": "Down", "company": "Db"}, headers=headers)
            )
            assert_unavailable(await client.post("/api/v1/auth/register", json=_new_account()))
            ready = await client.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["database"] == "error"
        finally:
            postgres.start()
        assert (await client.get("/ready")).status_code == 200
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
        created = await client.post("/api/v1/jobs", json={"title": "Up", "company": "Db"}, headers=headers)
        assert created.status_code == 201, created.text
        jobs = await client.get("/api/v1/jobs", headers=headers)
        assert [job["title"] for job in jobs.json()["jobs"]] == ["Up"]  # the refused one was not kept


async def _write_while_the_server_stops(app: FastAPI, postgres: PostgresServer, email: str) -> None:
    """A user added and flushed, the server stopped, then the commit (started again afterwards)."""
    async with uow_of(app) as uow:
        await uow.users.add(User(email=email, password_hash="x", full_name="Half"))
        postgres.stop()
        try:
            await uow.commit()
        finally:
            postgres.start()


async def test_a_write_cut_off_by_the_outage_is_rolled_back(postgres: PostgresServer):
    email = f"{uuid.uuid4().hex}@example.com"
    async with running_app(make_settings(postgres.url)) as app, make_client(app) as client:
        with pytest.raises(ServiceUnavailableError):
            await _write_while_the_server_stops(app, postgres, email)
        assert await _count_users(client, app, email) == 0
        # The pool's connections died with the server: the next unit of work gets a new one.
        async with uow_of(app) as uow:
            await uow.users.add(User(email=email, password_hash="x", full_name="Whole"))
            await uow.commit()
        assert await _count_users(client, app, email) == 1


@pytest.fixture
def sqlite_on_a_volume(tmp_path: Path) -> str:
    """A migrated SQLite database in a directory of its own (the volume a test detaches)."""
    return migrated(f"sqlite+aiosqlite:///{tmp_path / 'volume' / 'jobwise.db'}")


async def test_sqlite_whose_directory_is_gone_answers_503_and_recovers_when_it_is_back(
    tmp_path: Path, sqlite_on_a_volume: str
):
    folder = tmp_path / "volume"
    async with running_app(make_settings(sqlite_on_a_volume)) as app, make_client(app) as client:
        engine = app.state.resources.database.engine
        folder.rename(tmp_path / "detached")
        # Connections already open keep their file (SQLite holds it open); a new one finds nothing.
        await engine.dispose()
        try:
            assert_unavailable(await client.post("/api/v1/auth/register", json=_new_account()))
            assert (await client.get("/ready")).status_code == 503
        finally:
            (tmp_path / "detached").rename(folder)
        assert (await client.get("/ready")).status_code == 200
        registered = await client.post("/api/v1/auth/register", json=_new_account())
        assert registered.status_code == 201, registered.text
