"""Rate limits on the auth endpoints: per client address (IPv6: per /64), and per user on change-password."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.helpers import bearer, make_client, make_settings, register, running_app

LOGIN = {"email": "ada@example.com", "password": "whatever-password"}


async def hammer(client: httpx.AsyncClient, times: int, headers: dict[str, str] | None = None) -> list[int]:
    statuses = []
    for _ in range(times):
        response = await client.post("/api/v1/auth/login", json=LOGIN, headers=headers or {})
        statuses.append(response.status_code)
    return statuses


async def test_the_eleventh_login_in_a_minute_is_429_with_retry_after(client: httpx.AsyncClient):
    assert await hammer(client, 10) == [401] * 10
    response = await client.post("/api/v1/auth/login", json=LOGIN)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/register", {"email": "x@example.com", "password": "p", "full_name": "X"}),
        ("/api/v1/auth/refresh", {"refresh_token": "garbage"}),
        ("/api/v1/auth/forgot-password", {"email": "x@example.com"}),
        ("/api/v1/auth/reset-password", {"token": "t", "new_password": "long-enough-1"}),
    ],
)
async def test_every_credential_endpoint_is_limited(
    client: httpx.AsyncClient, path: str, body: dict[str, str]
):
    statuses = [(await client.post(path, json=body)).status_code for _ in range(11)]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429


async def test_limits_are_per_client_address(app: FastAPI, client: httpx.AsyncClient):
    await hammer(client, 11)
    async with make_client(app, client_ip="198.51.100.99") as other:
        assert await hammer(other, 1) == [401]


async def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(client: httpx.AsyncClient):
    statuses = [
        (
            await client.post("/api/v1/auth/login", json=LOGIN, headers={"X-Forwarded-For": f"10.1.1.{i}"})
        ).status_code
        for i in range(11)
    ]
    assert statuses[-1] == 429  # spoofed addresses do not buy more attempts


async def test_a_trusted_proxy_passes_on_the_real_client_address(database_url: str):
    settings = make_settings(database_url, trusted_proxies=["198.51.100.7"])
    async with running_app(settings) as app, make_client(app) as proxy:
        assert await hammer(proxy, 11, {"X-Forwarded-For": "203.0.113.1"}) == [401] * 10 + [429]
        assert await hammer(proxy, 1, {"X-Forwarded-For": "203.0.113.2"}) == [401]


async def test_rate_limits_can_be_switched_off(database_url: str):
    settings = make_settings(database_url, rate_limit_enabled=False)
    async with running_app(settings) as app, make_client(app) as client:
        assert await hammer(client, 15) == [401] * 15


async def test_the_limit_is_configurable(database_url: str):
    settings = make_settings(database_url, rate_limit_auth="2/minute")
    async with running_app(settings) as app, make_client(app) as client:
        assert await hammer(client, 3) == [401, 401, 429]


async def change_password(client: httpx.AsyncClient, access_token: str) -> int:
    response = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": "a-guessed-password", "new_password": "whatever-new-password"},
        headers=bearer(access_token),
    )
    if response.status_code == 429:
        assert response.json()["code"] == "rate_limited"
        assert 1 <= int(response.headers["retry-after"]) <= 60
    return response.status_code


async def test_change_password_is_limited_per_user_wherever_the_guesses_come_from(
    app: FastAPI, client: httpx.AsyncClient
):
    stolen = (await register(client))["access_token"]
    assert [await change_password(client, stolen) for _ in range(6)] == [400] * 5 + [429]
    async with make_client(app, client_ip="203.0.113.50") as elsewhere:
        assert await change_password(elsewhere, stolen) == 429  # another address buys no more guesses
    other_user = (await register(client, email="grace@example.com"))["access_token"]
    assert await change_password(client, other_user) == 400  # nor does it cost another user anything


async def test_the_change_password_limit_is_configurable(database_url: str):
    settings = make_settings(database_url, rate_limit_change_password="2/minute")
    async with running_app(settings) as app, make_client(app) as client:
        token = (await register(client))["access_token"]
        assert [await change_password(client, token) for _ in range(3)] == [400, 400, 429]


async def check_email(client: httpx.AsyncClient, times: int = 1) -> list[int]:
    statuses = []
    for _ in range(times):
        response = await client.get("/api/v1/auth/check-email", params={"email": "ada@example.com"})
        if response.status_code == 429:
            assert response.json()["code"] == "rate_limited"
            assert 1 <= int(response.headers["retry-after"]) <= 60
        statuses.append(response.status_code)
    return statuses


async def test_check_email_is_limited_per_client_address(app: FastAPI, client: httpx.AsyncClient):
    assert await check_email(client, 31) == [200] * 30 + [429]
    async with make_client(app, client_ip="198.51.100.8") as neighbour:  # IPv4: per address
        assert await check_email(neighbour) == [200]


async def test_ipv6_clients_are_limited_per_64_network(database_url: str):
    settings = make_settings(database_url, rate_limit_check_email="3/minute")
    async with running_app(settings) as app:
        async with make_client(app, client_ip="2001:db8:1:2::1") as first:
            assert await check_email(first, 4) == [200, 200, 200, 429]
        async with make_client(app, client_ip="2001:db8:1:2:ffff:ffff:ffff:fffe") as same_network:
            assert await check_email(same_network) == [429]
        async with make_client(app, client_ip="2001:db8:1:3::1") as next_network:
            assert await check_email(next_network) == [200]


async def test_ipv4_clients_on_a_dual_stack_socket_are_still_limited_per_address(database_url: str):
    settings = make_settings(database_url, rate_limit_check_email="1/minute")
    async with running_app(settings) as app:
        async with make_client(app, client_ip="::ffff:198.51.100.7") as first:
            assert await check_email(first, 2) == [200, 429]
        async with make_client(app, client_ip="198.51.100.7") as same_client:
            assert await check_email(same_client) == [429]
        async with make_client(app, client_ip="::ffff:198.51.100.8") as neighbour:
            assert await check_email(neighbour) == [200]
