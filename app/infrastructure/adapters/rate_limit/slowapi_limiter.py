"""Rate limits through slowapi's `limits` storage (in process, moving window)."""

from __future__ import annotations

import math
import time

import anyio.to_thread
from limits import RateLimitItem, parse
from slowapi import Limiter

from app.core.config import Settings
from app.domain.errors import RateLimitedError


class SlowapiRateLimiter:
    """Named limits from the settings: `auth`, `check_email` (per client) and `change_password` (per user)."""

    def __init__(self, settings: Settings) -> None:
        self._limiter = Limiter(
            key_func=lambda _request: "",  # keys are always given by the caller
            storage_uri="memory://",
            strategy="moving-window",
            enabled=settings.rate_limit_enabled,
        )
        self._limits: dict[str, RateLimitItem] = {
            "auth": parse(settings.rate_limit_auth),
            "check_email": parse(settings.rate_limit_check_email),
            "change_password": parse(settings.rate_limit_change_password),
        }

    async def hit(self, scope: str, *keys: str) -> None:
        if not self._limiter.enabled:
            return
        item = self._limits[scope]
        allowed = await anyio.to_thread.run_sync(self._limiter.limiter.hit, item, scope, *keys)
        if not allowed:
            stats = self._limiter.limiter.get_window_stats(item, scope, *keys)
            raise RateLimitedError(math.ceil(stats.reset_time - time.time()))
