"""Rate limits in a shared Redis (REDIS_URL): one window across instances, per deployment (key prefix),
failing open while Redis is unreachable and enforced again when it is back, with /ready telling which."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
import pytest

from app.core.config import Settings
from app.infrastructure.adapters.rate_limit.limits_limiter import RETRY_AFTER_FAILURE_S
from tests.helpers import make_client, make_settings, running_app
from tests.redis_server import throwaway_redis

LOGIN = {"email": "ada@example.com", "password": "whatever-password"}
LIMITER_LOGGER = "app.infrastructure.adapters.rate_limit.limits_limiter"


def redis_settings(database_url: str, redis_url: str, **overrides: Any) -> Settings:
    """A deployment of its own on the shared Redis (a fresh key prefix: no counts from other tests)."""
    values: dict[str, Any] = {"redis_url": redis_url, "redis_key_prefix": f"test-{uuid.uuid4().hex[:12]}"}
    return make_settings(database_url, **(values | overrides))


@asynccontextmanager
async def instance(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """One API instance (its own app, resources and Redis client) and a client on it."""
    async with running_app(settings) as app, make_client(app) as client:
        yield client


async def login(client: httpx.AsyncClient) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json=LOGIN)


async def statuses(client: httpx.AsyncClient, times: int) -> list[int]:
    return [(await login(client)).status_code for _ in range(times)]


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60


async def test_two_instances_count_the_auth_limit_together(database_url: str, redis_url: str):
    settings = redis_settings(database_url, redis_url)
    async with instance(settings) as a, instance(settings) as b:
        alternated = [(await login(a if i % 2 == 0 else b)).status_code for i in range(10)]
        assert alternated == [401] * 10  # 5 on each: neither instance alone is past 10/minute
        assert_rate_limited(await login(a))
        assert_rate_limited(await login(b))


async def test_another_key_prefix_is_another_deployment(database_url: str, redis_url: str):
    first = redis_settings(database_url, redis_url, rate_limit_auth="2/minute")
    second = redis_settings(database_url, redis_url, rate_limit_auth="2/minute")
    async with instance(first) as client:
        assert await statuses(client, 3) == [401, 401, 429]
    async with instance(second) as client:
        assert await statuses(client, 3) == [401, 401, 429]


async def test_ready_checks_redis_when_it_is_configured(database_url: str, redis_url: str):
    async with instance(redis_settings(database_url, redis_url)) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "storage": "ok", "redis": "ok"},
    }


async def test_an_unreachable_redis_fails_open_and_enforcement_resumes_when_it_is_back(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=LIMITER_LOGGER)
    with throwaway_redis() as server:
        settings = redis_settings(database_url, server.url, rate_limit_auth="3/minute")
        async with instance(settings) as client:
            assert await statuses(client, 2) == [401, 401]

            server.stop()
            assert await statuses(client, 8) == [401] * 8  # past 3/minute, and served: fail open
            warnings = [
                r for r in caplog.records if r.levelno == logging.WARNING and r.name == LIMITER_LOGGER
            ]
            assert len(warnings) == 1
            assert "not enforced" in warnings[0].getMessage()
            down = await client.get("/ready")
            assert down.status_code == 503
            assert down.json()["checks"] == {"database": "ok", "storage": "ok", "redis": "error"}

            server.start()  # an empty Redis (no persistence): the windows start again from nothing
            await asyncio.sleep(RETRY_AFTER_FAILURE_S)  # the limiter asks Redis again after this
            up = await client.get("/ready")
            assert up.status_code == 200
            assert up.json()["checks"]["redis"] == "ok"
            assert await statuses(client, 3) == [401] * 3
            assert_rate_limited(await login(client))
    assert any("enforced" in r.getMessage() for r in caplog.records if r.levelno == logging.INFO)


@contextmanager
def silent_server() -> Iterator[str]:
    """A loopback port that accepts connections and never answers: a Redis that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


async def timed(call: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await call
    return response, time.monotonic() - started


async def test_a_redis_that_never_answers_costs_a_request_its_timeout_not_a_hang(database_url: str):
    with silent_server() as url:
        async with instance(redis_settings(database_url, url)) as client:
            first, first_s = await timed(login(client))
            second, second_s = await timed(login(client))
            ready, ready_s = await timed(client.get("/ready"))
    assert (first.status_code, second.status_code) == (401, 401)
    assert 0.4 <= first_s < 2.0  # the 0.5 s reply timeout, then served
    assert second_s < 0.4  # right after a failure the limiter does not wait on Redis again
    assert ready.status_code == 503
    assert ready.json()["checks"]["redis"] == "error"
    assert ready_s < 2.0
