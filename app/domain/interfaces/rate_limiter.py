"""Port: named rate limits counted per key."""

from __future__ import annotations

from typing import Protocol


class RateLimiter(Protocol):
    async def hit(self, scope: str, *keys: str) -> None:
        """Count one use of the limit `scope` for `keys` (a route and a client, say); raise
        RateLimitedError, with the seconds until a retry may succeed, past the limit."""
        ...
