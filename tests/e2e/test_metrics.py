"""GET /metrics: off by default (404, no middleware), request counts and latencies by route template,
the queue and job hooks, the optional bearer token, and the sum over processes in multiprocess mode."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from app.core import metrics
from app.core.metrics import MULTIPROCESS_DIR_VARIABLE, MetricsMiddleware
from tests.helpers import make_client, make_settings, running_app

TOKEN = "a-scraper-token-0123456789"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in a scrape (0 when it is not there yet)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


def requests_of(text: str, route: str, method: str, status: str) -> float:
    return sample(text, "jobwise_http_requests_total", route=route, method=method, status=status)


@pytest.fixture
async def metered(database_url: str) -> AsyncIterator[FastAPI]:
    async with running_app(make_settings(database_url, metrics_enabled=True)) as app:
        yield app


async def scrape(client: httpx.AsyncClient, **headers: str) -> str:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return response.text


async def test_metrics_are_off_by_default_no_route_and_no_middleware(app: FastAPI, client: httpx.AsyncClient):
    response = await client.get("/metrics")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert all(middleware.cls is not MetricsMiddleware for middleware in app.user_middleware)
    assert "/metrics" not in app.openapi()["paths"]


async def test_requests_are_counted_by_route_template_never_by_raw_path(metered: FastAPI):
    job_id, nowhere = str(uuid.uuid4()), f"/nowhere/{uuid.uuid4().hex}"
    async with make_client(metered) as client:
        before = await scrape(client)
        assert (await client.get(f"/api/v1/jobs/{job_id}")).status_code == 401
        assert (await client.get(nowhere)).status_code == 404
        assert (await client.get("/docs")).status_code == 200
        assert (await client.get("/health")).status_code == 200
        after = await scrape(client)
    template = "/api/v1/jobs/{job_id}"
    for route, method, status in (
        (template, "GET", "4xx"),
        ("unmatched", "GET", "4xx"),
        ("/docs", "GET", "2xx"),
        ("/health", "GET", "2xx"),
        ("/metrics", "GET", "2xx"),  # the first scrape
    ):
        assert requests_of(after, route, method, status) == requests_of(before, route, method, status) + 1, (
            route
        )
    latency = "jobwise_http_request_duration_seconds_count"
    assert (
        sample(after, latency, route=template, method="GET")
        == sample(before, latency, route=template, method="GET") + 1
    )
    assert (
        sample(after, "jobwise_http_request_duration_seconds_bucket", route=template, method="GET", le="+Inf")
        >= 1
    )
    assert job_id not in after
    assert nowhere not in after


async def test_a_crash_counts_as_a_5xx_and_an_odd_method_as_other(metered: FastAPI):
    async def explode() -> None:
        raise RuntimeError("boom")

    metered.add_api_route("/boom", explode)
    async with make_client(metered) as client:
        before = await scrape(client)
        assert (await client.get("/boom")).status_code == 500
        assert (await client.request("PROPFIND", "/health")).status_code == 405
        after = await scrape(client)
    assert requests_of(after, "/boom", "GET", "5xx") == requests_of(before, "/boom", "GET", "5xx") + 1
    assert requests_of(after, "/health", "OTHER", "4xx") == requests_of(before, "/health", "OTHER", "4xx") + 1


async def test_the_queue_and_job_hooks_show_in_the_scrape(metered: FastAPI):
    async with make_client(metered) as client:
        before = await scrape(client)
        metrics.set_queue_depth("generations", 3)
        metrics.count_job("generation", "failed")
        after = await scrape(client)
    assert sample(after, "jobwise_queue_depth", queue="generations") == 3
    jobs = {"kind": "generation", "outcome": "failed"}
    assert sample(after, "jobwise_jobs_total", **jobs) == sample(before, "jobwise_jobs_total", **jobs) + 1


async def test_a_token_protects_the_metrics(database_url: str):
    settings = make_settings(database_url, metrics_enabled=True, metrics_token=TOKEN)
    async with running_app(settings) as app, make_client(app) as client:
        missing = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})
        basic = await client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
        right = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert (missing.status_code, missing.json()["code"]) == (401, "not_authenticated")
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    for refused in (wrong, basic):
        assert (refused.status_code, refused.json()["code"]) == (401, "invalid_token")
    assert right.status_code == 200
    assert "jobwise_http_requests_total" in right.text
    assert right.headers["x-content-type-options"] == "nosniff"
    assert right.headers["cache-control"] == "no-store"


def _count_a_job_in_another_process(directory: Path) -> None:
    script = "from app.core import metrics; metrics.count_job('export', 'completed')"
    environment = {**os.environ, MULTIPROCESS_DIR_VARIABLE: str(directory)}
    subprocess.run([sys.executable, "-c", script], check=True, env=environment, cwd=Path(__file__).parents[2])


async def test_in_multiprocess_mode_the_scrape_sums_every_process(
    metered: FastAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    _count_a_job_in_another_process(tmp_path)
    _count_a_job_in_another_process(tmp_path)
    monkeypatch.setenv(MULTIPROCESS_DIR_VARIABLE, str(tmp_path))
    async with make_client(metered) as client:
        text = await scrape(client)
    assert sample(text, "jobwise_jobs_total", kind="export", outcome="completed") == 2


async def test_other_scopes_pass_through_uncounted():
    seen: list[str] = []

    async def inner(scope: dict, _receive: object, _send: object) -> None:
        seen.append(scope["type"])

    await MetricsMiddleware(inner)({"type": "lifespan"}, None, None)  # type: ignore[arg-type]
    assert seen == ["lifespan"]
