"""Security headers on every answer; the docs keep working offline under their Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest
from fastapi import FastAPI

from tests.helpers import bearer, make_client, register

COMMON = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def assert_protected(response: httpx.Response) -> None:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    assert response.headers.get("cache-control") == "no-store", response.request.url
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_answers_carrying_tokens_or_personal_data_are_never_stored(client: httpx.AsyncClient):
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": "ada@example.com", "password": "correct horse battery", "full_name": "Ada"},
    )
    me = await client.get("/api/v1/auth/me", headers=bearer(registered.json()["access_token"]))
    for response in (registered, me):
        assert_protected(response)
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("GET", "/api/v1/auth/me", 401), ("GET", "/nowhere", 404), ("GET", "/health", 200)],
)
async def test_errors_and_probes_carry_the_headers_too(
    client: httpx.AsyncClient, method: str, url: str, status: int
):
    response = await client.request(method, url)
    assert response.status_code == status
    assert_protected(response)


async def test_a_body_refused_before_routing_and_a_crash_carry_the_headers(app: FastAPI):
    async def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", explode)
    async with make_client(app) as client:
        too_large = await client.post("/api/v1/auth/login", content=b"x" * (3 * 1024 * 1024))
        crash = await client.get("/boom")
    assert (too_large.status_code, crash.status_code) == (413, 500)
    assert_protected(too_large)
    assert_protected(crash)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_allow_only_their_own_inline_script_and_local_assets(
    client: httpx.AsyncClient, page: str
):
    response = await client.get(page)
    assert_protected(response)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    for script in re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    for asset in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert asset.startswith("/static-offline-docs/"), asset


async def test_the_bundled_docs_assets_may_be_cached(client: httpx.AsyncClient):
    response = await client.get("/static-offline-docs/swagger-ui-bundle.js")
    assert response.status_code == 200
    assert "cache-control" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_registered_user_sees_the_same_headers_on_every_route(client: httpx.AsyncClient):
    token = (await register(client))["access_token"]
    for url in ("/api/v1/profiles", "/api/v1/jobs", "/api/v1/samples", "/api/v1/jobs/browse"):
        assert_protected(await client.get(url, headers=bearer(token)))
