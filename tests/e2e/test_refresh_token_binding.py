"""A refresh token is honoured only for the session it was issued with, and for that session's user.

Both checks stand behind the signature: they matter once the signing secret has leaked (or a token
was minted by a bug), and a failure here would hand out tokens for someone else's account.
"""

from __future__ import annotations

import uuid

import httpx
import jwt

from tests.helpers import TEST_JWT_SECRET, register

REFRESH = "/api/v1/auth/refresh"


def resigned(token: str, **changes: object) -> str:
    claims = jwt.decode(token, TEST_JWT_SECRET, algorithms=["HS256"])
    return jwt.encode({**claims, **changes}, TEST_JWT_SECRET, algorithm="HS256")


def expect_invalid_token(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "invalid_token"
    assert response.headers["www-authenticate"] == "Bearer"
    assert "access_token" not in response.text


async def test_a_refresh_token_naming_another_user_is_refused(client: httpx.AsyncClient):
    ada = await register(client, email="ada@example.com")
    eve = await register(client, email="eve@example.com")
    # Eve's own session, presented as if it were Ada's.
    forged = resigned(eve["refresh_token"], sub=str(ada["user"]["id"]), email="ada@example.com")

    expect_invalid_token(await client.post(REFRESH, json={"refresh_token": forged}))
    # Eve's real token still works: the refusal did not touch her session.
    assert (await client.post(REFRESH, json={"refresh_token": eve["refresh_token"]})).status_code == 200


async def test_a_validly_signed_refresh_token_with_no_session_is_refused(client: httpx.AsyncClient):
    tokens = await register(client)
    forged = resigned(tokens["refresh_token"], jti=str(uuid.uuid4()))
    expect_invalid_token(await client.post(REFRESH, json={"refresh_token": forged}))
