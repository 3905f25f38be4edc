"""Rate limits on the `limits` library's moving windows: in Redis when REDIS_URL is set, so every instance
counts against the same windows, else in process.

While Redis is unreachable the limits fail open: requests are served unlimited (availability first; every
credential guess still costs a bcrypt hash), a warning is logged at most once per FAILURE_LOG_INTERVAL_S,
and enforcement resumes by itself once Redis answers again. See docs/scale-out.md#redis.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Protocol

import anyio.to_thread
from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter as AsyncMovingWindow
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from redis.asyncio import Redis

from app.core.config import Settings
from app.domain.errors import RateLimitedError

logger = logging.getLogger(__name__)

FAILURE_LOG_INTERVAL_S = 30.0
# After a failed call, requests pass without asking Redis for this long: an unplugged Redis (each call
# waiting out its timeout) then costs one request per second, not every request.
RETRY_AFTER_FAILURE_S = 1.0


class _Windows(Protocol):
    async def hit(self, item: RateLimitItem, keys: tuple[str, ...]) -> float | None:
        """Count one use; None when allowed, else the epoch second the window frees a slot."""
        ...


class _InProcessWindows:
    """One process's memory (a single instance): the calls take a lock, so they run in a worker thread."""

    def __init__(self) -> None:
        self._strategy = MovingWindowRateLimiter(MemoryStorage())

    async def hit(self, item: RateLimitItem, keys: tuple[str, ...]) -> float | None:
        return await anyio.to_thread.run_sync(self._hit, item, keys)

    def _hit(self, item: RateLimitItem, keys: tuple[str, ...]) -> float | None:
        if self._strategy.hit(item, *keys):
            return None
        return self._strategy.get_window_stats(item, *keys).reset_time


class _RedisWindows:
    """Windows in the shared Redis, on the app's async client (no thread, and one pool for the app)."""

    def __init__(self, redis: Redis, *, url: str, key_prefix: str) -> None:
        storage = RedisStorage(
            f"async+{url}",
            implementation="redispy",
            # Passed on to redis-py, which takes a pool; limits types its pass-through options as scalars.
            connection_pool=redis.connection_pool,  # type: ignore[arg-type]
            key_prefix=f"{key_prefix}:limits",
            wrap_exceptions=True,  # every client failure is a StorageError
        )
        self._strategy = AsyncMovingWindow(storage)

    async def hit(self, item: RateLimitItem, keys: tuple[str, ...]) -> float | None:
        if await self._strategy.hit(item, *keys):
            return None
        return (await self._strategy.get_window_stats(item, *keys)).reset_time


class LimitsRateLimiter:
    """Named limits from the settings: `auth`, `check_email` (per client) and `change_password` (per user)."""

    def __init__(
        self,
        settings: Settings,
        *,
        redis: Redis | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._enabled = settings.rate_limit_enabled
        self._limits: dict[str, RateLimitItem] = {
            "auth": parse(settings.rate_limit_auth),
            "check_email": parse(settings.rate_limit_check_email),
            "change_password": parse(settings.rate_limit_change_password),
        }
        self._windows: _Windows = (
            _RedisWindows(redis, url=settings.redis_url, key_prefix=settings.redis_key_prefix)
            if redis is not None
            else _InProcessWindows()
        )
        self._outage = _Outage(monotonic)

    async def hit(self, scope: str, *keys: str) -> None:
        if not self._enabled or self._outage.waiting():
            return
        item = self._limits[scope]
        try:
            reset_at = await self._windows.hit(item, (scope, *keys))
        except StorageError as error:
            self._outage.failed(error)
            return
        self._outage.answered()
        if reset_at is not None:
            # At least 1: the windows are stamped by each instance's clock, which may run a little ahead.
            raise RateLimitedError(max(1, math.ceil(reset_at - time.time())))


class _Outage:
    """Whether the storage is failing: when to ask it again, and when a warning was last logged."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._now = monotonic
        self._since: float | None = None
        self._retry_at = 0.0
        self._warned_at = -math.inf

    def waiting(self) -> bool:
        """True while a recent failure says not to ask yet (requests pass unlimited meanwhile)."""
        return self._since is not None and self._now() < self._retry_at

    def failed(self, error: StorageError) -> None:
        now = self._now()
        self._since = now if self._since is None else self._since
        self._retry_at = now + RETRY_AFTER_FAILURE_S
        if now - self._warned_at >= FAILURE_LOG_INTERVAL_S:
            self._warned_at = now
            logger.warning(
                "Rate limit storage unreachable (%s): rate limits are not enforced until it answers again",
                type(error.storage_error).__name__,
            )

    def answered(self) -> None:
        if self._since is not None:
            logger.info(
                "Rate limit storage answers again after %.0f s: rate limits are enforced",
                self._now() - self._since,
            )
            self._since = None
