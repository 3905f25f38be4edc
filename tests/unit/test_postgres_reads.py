"""asyncpg's read pool: a read that meets a connection the server dropped is retried once, on another."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import pytest

from app.infrastructure.database.postgres_reads import PostgresReadPool


class FakeConnection:
    def __init__(self, rows: list[Any] | None, *, closed_by_failure: bool = False) -> None:
        self.rows = rows
        self.closed = False
        self.closed_by_failure = closed_by_failure

    async def fetch(self, _sql: str, *_arguments: Any) -> list[Any]:
        if self.rows is None:
            self.closed = self.closed_by_failure
            raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        return self.rows

    def is_closed(self) -> bool:
        return self.closed


class FakePool:
    def __init__(self, *connections: FakeConnection) -> None:
        self.connections = list(connections)
        self.acquired = 0

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[FakeConnection]:
        self.acquired += 1
        yield self.connections.pop(0)


def reads_on(pool: FakePool) -> PostgresReadPool:
    reads = PostgresReadPool(
        {"host": "127.0.0.1"}, size=1, statement_cache_size=0, idle_s=1, decode_json=json.loads
    )
    reads._pool = pool  # type: ignore[assignment]
    return reads


async def test_a_read_on_a_dropped_connection_is_retried_once_on_another(caplog: pytest.LogCaptureFixture):
    pool = FakePool(FakeConnection(None, closed_by_failure=True), FakeConnection([("ok",)]))
    with caplog.at_level(logging.WARNING):
        assert await reads_on(pool).fetch("SELECT 1", [], first_only=False) == [("ok",)]
    assert pool.acquired == 2
    assert caplog.text.count("retrying once") == 1


async def test_a_failure_on_a_live_connection_is_not_retried(caplog: pytest.LogCaptureFixture):
    pool = FakePool(FakeConnection(None), FakeConnection([("never",)]))
    with caplog.at_level(logging.WARNING), pytest.raises(asyncpg.ConnectionDoesNotExistError):
        await reads_on(pool).fetch("SELECT 1", [], first_only=False)
    assert pool.acquired == 1
    assert "retrying" not in caplog.text


async def test_the_dialects_own_arguments_stay_out_and_the_urls_cache_size_wins():
    reads = PostgresReadPool(
        {"host": "h", "prepared_statement_cache_size": 0, "prepared_statement_name_func": None},
        size=3,
        statement_cache_size=500,
        idle_s=1,
        decode_json=json.loads,
    )
    assert reads._arguments == {"host": "h", "statement_cache_size": 0}
    default = PostgresReadPool(
        {"host": "h"}, size=3, statement_cache_size=500, idle_s=1, decode_json=json.loads
    )
    assert default._arguments == {"host": "h", "statement_cache_size": 500}
