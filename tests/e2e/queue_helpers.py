"""Shared by the job-queue tests: settings on a Redis of their own prefix, waiting on a generation."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from uuid import uuid4

import httpx

from app.core.config import Settings
from tests.helpers import make_settings
from tests.llm_server import LlmServer

# Short enough for tests: a failed try is retried after 0.1 s, a try may take 3 s.
QUEUE_TEST_SETTINGS: dict[str, Any] = {
    "worker_max_tries": 2,
    "worker_retry_delay_s": 0.1,
    "worker_job_timeout_s": 3.0,
}


def queue_settings(database_url: str, redis_url: str, **overrides: Any) -> Settings:
    """Settings with REDIS_URL and a key prefix no other test shares."""
    values = {**QUEUE_TEST_SETTINGS, "redis_url": redis_url, "redis_key_prefix": f"test-{uuid4().hex[:12]}"}
    return make_settings(database_url, **{**values, **overrides})


async def wait_for_status(
    client: httpx.AsyncClient,
    location: str,
    headers: dict[str, str],
    statuses: tuple[str, ...],
    *,
    timeout_s: float,
) -> dict[str, Any]:
    """Poll a generation until its status is one of `statuses`."""
    deadline = time.monotonic() + timeout_s
    while True:
        body: dict[str, Any] = (await client.get(location, headers=headers)).json()
        if body["status"] in statuses:
            return body
        assert time.monotonic() < deadline, f"still {body['status']} after {timeout_s} s"
        await asyncio.sleep(0.05)


async def model_asked(model: LlmServer) -> None:
    """Wait until a worker's request has reached the loopback model (a slow one answers later)."""
    deadline = time.monotonic() + 60
    while not model.requests:
        assert time.monotonic() < deadline, "no worker asked the model"
        await asyncio.sleep(0.02)
