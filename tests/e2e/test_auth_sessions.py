"""Access checks, refresh rotation with reuse detection, and logout over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import Settings
from app.domain.entities.token_claims import TokenClaims
from app.domain.enums.auth import TokenType
from app.infrastructure.adapters.auth.jwt_codec import JwtTokenCodec
from tests.helpers import TEST_JWT_SECRET, bearer, login, make_client, register, running_app


async def me(client: httpx.AsyncClient, token: str | None) -> httpx.Response:
    return await client.get("/api/v1/auth/me", headers=bearer(token) if token else {})


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def expect_401(response: httpx.Response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["code"] == code
    assert response.headers["www-authenticate"] == "Bearer"


async def test_me_answers_the_user_behind_the_token(client: httpx.AsyncClient):
    tokens = await register(client)
    response = await me(client, tokens["access_token"])
    assert response.status_code == 200
    assert response.json() == tokens["user"]


async def test_me_without_a_header_is_401_not_authenticated(client: httpx.AsyncClient):
    expect_401(await me(client, None), "not_authenticated")
    expect_401(
        await client.get("/api/v1/auth/me", headers={"Authorization": "Basic abc"}), "not_authenticated"
    )


async def test_a_garbage_or_foreign_token_is_401_invalid_token(client: httpx.AsyncClient):
    expect_401(await me(client, "garbage"), "invalid_token")
    foreign = JwtTokenCodec("someone-elses-secret-0123456789-abcdef").encode(
        TokenClaims(
            sub="1",
            email="a@b.c",
            type=TokenType.ACCESS,
            jti=str(uuid.uuid4()),
            iat=datetime.now(UTC),
            exp=datetime.now(UTC) + timedelta(hours=1),
        )
    )
    expect_401(await me(client, foreign), "invalid_token")


async def test_a_validly_signed_token_without_a_session_is_401_invalid_token(client: httpx.AsyncClient):
    await register(client)
    now = datetime.now(UTC)
    forged = JwtTokenCodec(TEST_JWT_SECRET).encode(
        TokenClaims(
            sub="1",
            email="ada@example.com",
            type=TokenType.ACCESS,
            jti=str(uuid.uuid4()),
            iat=now,
            exp=now + timedelta(hours=1),
        )
    )
    expect_401(await me(client, forged), "invalid_token")


async def test_an_expired_access_token_is_401_token_expired(app: FastAPI, client: httpx.AsyncClient):
    tokens = await register(client)
    # Issue a token two hours in the past: its one-hour lifetime is over by now.
    app.state.resources.clock = _ShiftedClock(timedelta(hours=-2))
    old = (await login(client)).json()
    expect_401(await me(client, old["access_token"]), "token_expired")
    assert (await me(client, tokens["access_token"])).status_code == 200


class _ShiftedClock:
    def __init__(self, shift: timedelta) -> None:
        self._shift = shift

    def now(self) -> datetime:
        return datetime.now(UTC) + self._shift


async def test_a_refresh_token_is_not_an_access_token_and_vice_versa(client: httpx.AsyncClient):
    tokens = await register(client)
    expect_401(await me(client, tokens["refresh_token"]), "wrong_token_type")
    expect_401(await refresh(client, tokens["access_token"]), "wrong_token_type")


async def test_refresh_rotates_the_pair(client: httpx.AsyncClient):
    tokens = await register(client)
    response = await refresh(client, tokens["refresh_token"])
    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert (await me(client, rotated["access_token"])).status_code == 200
    assert (await refresh(client, rotated["refresh_token"])).status_code == 200


async def test_a_reused_refresh_token_revokes_the_whole_family(database_url: str):
    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=database_url,  # type: ignore[call-arg]
        jwt_secret=TEST_JWT_SECRET,
        bcrypt_rounds=4,
        jwt_refresh_reuse_grace_s=0,
    )
    async with running_app(settings) as app, make_client(app) as client:
        stolen = await register(client)
        other_device = (await login(client)).json()
        successor = (await refresh(client, stolen["refresh_token"])).json()
        app.state.resources.clock = _ShiftedClock(timedelta(seconds=5))

        expect_401(await refresh(client, stolen["refresh_token"]), "refresh_token_reused")
        expect_401(await refresh(client, successor["refresh_token"]), "token_revoked")
        expect_401(await me(client, successor["access_token"]), "token_revoked")
        expect_401(await me(client, stolen["access_token"]), "token_revoked")
        assert (await me(client, other_device["access_token"])).status_code == 200


async def test_concurrent_refreshes_with_one_token_both_succeed_within_the_grace_window(
    client: httpx.AsyncClient,
):
    tokens = await register(client)
    first, second = await asyncio.gather(
        refresh(client, tokens["refresh_token"]), refresh(client, tokens["refresh_token"])
    )
    assert (first.status_code, second.status_code) == (200, 200)
    assert (await refresh(client, first.json()["refresh_token"])).status_code == 200
    assert (await me(client, second.json()["access_token"])).status_code == 200


async def test_an_expired_refresh_token_is_401_token_expired(app: FastAPI, client: httpx.AsyncClient):
    await register(client)
    app.state.resources.clock = _ShiftedClock(timedelta(days=-8))  # issued 8 days ago: a 7-day token
    old = (await login(client)).json()
    expect_401(await refresh(client, old["refresh_token"]), "token_expired")


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
async def test_refresh_with_garbage_is_401_invalid_token(client: httpx.AsyncClient, token: str):
    expect_401(await refresh(client, token), "invalid_token")


async def test_refresh_needs_a_token_in_the_body(client: httpx.AsyncClient):
    assert (await client.post("/api/v1/auth/refresh", json={})).status_code == 422


async def test_logout_revokes_the_session_but_not_the_others(client: httpx.AsyncClient):
    phone = await register(client)
    laptop = (await login(client)).json()
    response = await client.post("/api/v1/auth/logout", headers=bearer(phone["access_token"]))
    assert response.status_code == 200
    assert response.json() == {"message": "Logged out"}
    expect_401(await me(client, phone["access_token"]), "token_revoked")
    expect_401(await refresh(client, phone["refresh_token"]), "token_revoked")
    assert (await me(client, laptop["access_token"])).status_code == 200


async def test_logout_covers_tokens_issued_by_rotation_in_the_same_family(client: httpx.AsyncClient):
    first = await register(client)
    rotated = (await refresh(client, first["refresh_token"])).json()
    await client.post("/api/v1/auth/logout", headers=bearer(rotated["access_token"]))
    expect_401(await me(client, first["access_token"]), "token_revoked")
    expect_401(await refresh(client, rotated["refresh_token"]), "token_revoked")


async def test_logout_needs_a_token(client: httpx.AsyncClient):
    expect_401(await client.post("/api/v1/auth/logout"), "not_authenticated")


async def test_the_access_log_names_the_authenticated_user(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    tokens = await register(client)
    caplog.clear()
    await me(client, tokens["access_token"])
    [record] = [r for r in caplog.records if r.name == "jobwise.access"]
    assert record.user_id == tokens["user"]["id"]  # type: ignore[attr-defined]
