"""The app's one Redis client (REDIS_URL): its connection pool serves the rate limits and `/ready`."""

from __future__ import annotations

from redis.asyncio import Redis

# Per connect and per reply: a Redis that is unplugged costs a request at most this long, not a hang.
REDIS_TIMEOUT_S = 0.5


def create_redis_client(url: str) -> Redis:
    """A client on a lazily filled pool: nothing is contacted until the first command."""
    return Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S)
