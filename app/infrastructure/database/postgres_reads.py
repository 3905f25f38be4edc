"""PostgreSQL: asyncpg's own pool for the prepared reads of read-only units of work.

A read-only unit of work runs each statement on its own (autocommit), so a prepared read need not
run on the session's connection: any connection gives the same answer. Taken from asyncpg's pool it
skips what the session's path costs around the round trip, SQLAlchemy's checkout through a greenlet
hand-off and the session's connection bookkeeping (~90 us of ~330 us for the authenticated-user read,
measured one after another on this machine). This is PostgreSQL's counterpart of SQLite's point
reader and read pool. Writing units of work keep every statement on their transaction's connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import asyncpg

logger = logging.getLogger(__name__)

# Keyword arguments SQLAlchemy's asyncpg dialect takes for itself; asyncpg would refuse them.
_DIALECT_ONLY = ("prepared_statement_cache_size", "prepared_statement_name_func", "async_creator_fn")


async def fetch_rows(connection: Any, sql: str, arguments: Sequence[Any], *, first_only: bool) -> list[Any]:
    """The rows of `sql` on an asyncpg connection (a list of one None when `first_only` finds none)."""
    if first_only:
        return [await connection.fetchrow(sql, *arguments)]
    return list(await connection.fetch(sql, *arguments))


class PostgresReadPool:
    """Up to `size` connections, opened on first use (in the event loop that uses them), each closed
    after `idle_s` unused, each with `statement_cache_size` statements kept prepared. json and jsonb
    values are decoded by `decode_json`, as the engine's connections decode them (SQLAlchemy's
    asyncpg dialect sets the same codecs), so a read gives the same values on either path."""

    def __init__(
        self,
        connect_args: Mapping[str, Any],
        *,
        size: int,
        statement_cache_size: int,
        idle_s: float,
        decode_json: Callable[[str], Any],
    ) -> None:
        arguments = dict(connect_args)
        cache = arguments.get("prepared_statement_cache_size", statement_cache_size)  # the URL's wins
        for name in _DIALECT_ONLY:
            arguments.pop(name, None)
        self._arguments = {**arguments, "statement_cache_size": int(cache)}
        self._size = size
        self._idle_s = idle_s
        self._decode_json = decode_json
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _opened(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    min_size=0,
                    max_size=self._size,
                    max_inactive_connection_lifetime=self._idle_s,
                    init=self._set_codecs,
                    **self._arguments,
                )
        return self._pool

    async def _set_codecs(self, connection: Any) -> None:
        decode = self._decode_json
        await connection.set_type_codec(
            "json",
            encoder=str.encode,
            decoder=lambda data: decode(data.decode()),
            schema="pg_catalog",
            format="binary",
        )
        await connection.set_type_codec(  # binary jsonb carries a version byte, 1
            "jsonb",
            encoder=lambda text: b"\x01" + text.encode(),
            decoder=lambda data: decode(data[1:].decode()),
            schema="pg_catalog",
            format="binary",
        )

    async def fetch(self, sql: str, arguments: Sequence[Any], *, first_only: bool) -> list[Any]:
        """The rows of one read. A connection found closed at checkout is replaced by the pool; one
        dropped by the server since (the event loop had not seen it yet) fails the read, which is
        retried once on another: a read can be run again."""
        pool = self._pool or await self._opened()
        async with pool.acquire() as connection:
            try:
                return await fetch_rows(connection, sql, arguments, first_only=first_only)
            except Exception as error:
                if not connection.is_closed():
                    raise
                logger.warning("a read met a dropped PostgreSQL connection; retrying once: %r", error)
        async with pool.acquire() as connection:
            return await fetch_rows(connection, sql, arguments, first_only=first_only)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()
