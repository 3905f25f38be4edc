"""The rate limiter against a Redis that goes away and comes back, on a clock the test moves: how often it
asks Redis, how often it warns, and that it enforces again once Redis answers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from app.domain.errors import RateLimitedError
from app.infrastructure.adapters.rate_limit.limits_limiter import (
    FAILURE_LOG_INTERVAL_S,
    RETRY_AFTER_FAILURE_S,
    LimitsRateLimiter,
)
from app.infrastructure.redis_client import create_redis_client
from tests.helpers import make_settings
from tests.redis_server import RedisServer, throwaway_redis

LOGGER = "app.infrastructure.adapters.rate_limit.limits_limiter"


class MovedClock:
    """time.monotonic as the test sets it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def server() -> AsyncIterator[RedisServer]:
    with throwaway_redis() as started:
        yield started


async def allowed(limiter: LimitsRateLimiter) -> bool:
    try:
        await limiter.hit("auth", "/api/v1/auth/login", "198.51.100.7")
    except RateLimitedError:
        return False
    return True


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


async def test_an_outage_is_warned_once_per_interval_and_redis_is_asked_again_after_a_pause(
    server: RedisServer, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    clock = MovedClock()
    settings = make_settings("sqlite+aiosqlite://", redis_url=server.url, rate_limit_auth="2/minute")
    redis = create_redis_client(server.url)
    limiter = LimitsRateLimiter(settings, redis=redis, monotonic=clock)
    try:
        assert [await allowed(limiter) for _ in range(3)] == [True, True, False]

        server.stop()
        assert await allowed(limiter)  # fails open
        assert len(warnings(caplog)) == 1
        clock.now += RETRY_AFTER_FAILURE_S
        assert await allowed(limiter)  # asked again, still down: no second warning this soon
        assert len(warnings(caplog)) == 1
        clock.now += FAILURE_LOG_INTERVAL_S
        assert await allowed(limiter)
        assert len(warnings(caplog)) == 2  # a long outage is recalled, once per interval

        server.start()  # empty: no window holds a hit yet
        # Within the pause after the last failure Redis is not asked: nothing is counted.
        assert [await allowed(limiter) for _ in range(4)] == [True] * 4
        clock.now += RETRY_AFTER_FAILURE_S
        assert [await allowed(limiter) for _ in range(3)] == [True, True, False]
        recovered = [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.INFO]
        assert len(recovered) == 1
        assert "enforced" in recovered[0]
        assert len(warnings(caplog)) == 2
    finally:
        await redis.aclose()
