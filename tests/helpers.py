"""Small builders shared by the tests: settings, a running app, an in-process client, users."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.config import Settings
from app.domain.entities.user import User
from app.infrastructure.database.models import metadata
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork
from app.main import create_app
from tests.openapi_conformance import conformance_hook

TEST_JWT_SECRET = "test-only-secret-with-enough-length-0123456789"
DEFAULT_PASSWORD = "correct horse battery"
CLIENT_IP = "198.51.100.7"


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwt_secret": TEST_JWT_SECRET,
        "bcrypt_rounds": 4,
        "render_warm_up": False,  # render workers start with the first export (tests/integration warm them)
        # Export files of each app in a directory of their own, never the checkout's var/.
        "storage_dir": Path(tempfile.mkdtemp(prefix="jobwise-test-exports-")),
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def reset_database(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            await connection.execute(delete(table))


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app with its lifespan entered, on an emptied database."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await reset_database(app.state.resources.database.engine)
        yield app


def make_client(app: FastAPI, *, client_ip: str = CLIENT_IP) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
    return httpx.AsyncClient(
        transport=transport, base_url="http://testserver", event_hooks={"response": [conformance_hook(app)]}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(
    client: httpx.AsyncClient,
    *,
    email: str = "ada@example.com",
    password: str = DEFAULT_PASSWORD,
    full_name: str = "Ada Lovelace",
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "full_name": full_name}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def login(
    client: httpx.AsyncClient, *, email: str = "ada@example.com", password: str = DEFAULT_PASSWORD
) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def uow_of(app: FastAPI) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(app.state.resources.database)


async def add_user(app: FastAPI, email: str = "ada@example.com") -> int:
    """A stored account (no password that logs in), straight through the repository."""
    async with uow_of(app) as uow:
        user = await uow.users.add(User(email=email, password_hash="x", full_name="Ada"))
        await uow.commit()
    assert user.id is not None
    return user.id
