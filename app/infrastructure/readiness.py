"""Readiness probes of the dependencies this deployment has (and of those it does not use)."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.domain.errors import StorageUnavailableError
from app.domain.interfaces.readiness import ReadinessStatus
from app.domain.interfaces.storage import FileStorage
from app.infrastructure.database.connection import database_is_reachable


@dataclass(frozen=True, slots=True)
class DatabaseProbe:
    engine: AsyncEngine
    name: str = "database"

    async def status(self) -> ReadinessStatus:
        return "ok" if await database_is_reachable(self.engine) else "error"


@dataclass(frozen=True, slots=True)
class StorageProbe:
    """The export store: the local directory is writable, or the S3 bucket answers."""

    storage: FileStorage
    name: str = "storage"

    async def status(self) -> ReadinessStatus:
        try:
            await self.storage.check()
        except StorageUnavailableError:
            return "error"
        return "ok"


@dataclass(frozen=True, slots=True)
class RedisProbe:
    """REDIS_URL's server answers a PING (within the client's connect and reply timeouts)."""

    client: Redis
    name: str = "redis"

    async def status(self) -> ReadinessStatus:
        try:
            await self.client.ping()
        except RedisError:  # refused, timed out, or an error reply (a wrong password, say)
            return "error"
        return "ok"


@dataclass(frozen=True, slots=True)
class NotConfiguredProbe:
    """A dependency this deployment does not use (Redis without REDIS_URL)."""

    name: str

    async def status(self) -> ReadinessStatus:
        return "not_configured"
