"""Fixtures: a migrated test database (SQLite file, or TEST_DATABASE_URL), an app and a client on it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from alembic import command
from app.cli import alembic_config
from app.core.config import Settings
from tests.helpers import make_client, make_settings, running_app
from tests.redis_server import configured_redis_url, throwaway_redis


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated up, down to nothing and up again, so both directions of every migration run."""
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'jobwise-test.db'}"
    )
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    return url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """TEST_REDIS_URL, else a throw-away redis-server for the session (started only when asked for)."""
    configured = configured_redis_url()
    if configured is not None:
        yield configured
        return
    with throwaway_redis() as server:
        yield server.url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running_app(settings) as application:
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as test_client:
        yield test_client


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
