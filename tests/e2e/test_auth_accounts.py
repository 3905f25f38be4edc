"""Register, login and check-email over HTTP."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from app.infrastructure.database.models.user_model import users_table
from tests.helpers import DEFAULT_PASSWORD, bearer, login, register

# passlib 1.7.4's bcrypt hash of "correct horse battery" (cost 4), as a migrated account would hold.
PASSLIB_HASH = "$2b$04$zSJifw48OfpMQheFwTKbOOCxcxIAXqmSHvIzOPp.SNBMhHTashFsu"


async def deactivate(app: FastAPI, email: str) -> None:
    async with app.state.resources.database.engine.begin() as connection:
        await connection.execute(
            update(users_table).where(users_table.c.email == email).values(is_active=False)
        )


async def test_register_answers_201_with_a_token_pair_and_the_user(client: httpx.AsyncClient):
    body = await register(client, email="  Ada@Example.com ")
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"]
    assert body["refresh_token"]
    user = body["user"]
    assert user["email"] == "ada@example.com"
    assert user["is_active"] is True
    assert user["is_verified"] is False
    assert isinstance(user["id"], int)
    assert user["created_at"].endswith("Z")


async def test_register_with_a_taken_email_in_another_case_is_400_email_taken(client: httpx.AsyncClient):
    await register(client)
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "ADA@example.com", "password": DEFAULT_PASSWORD, "full_name": "Ada"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "An account with this email already exists", "code": "email_taken"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password", "short"),
        ("password", "x" * 73),
        ("password", "é" * 37),  # 74 bytes
        ("email", "not-an-email"),
        ("email", "a" * 250 + "@example.com"),
        ("full_name", ""),
        ("full_name", "   "),
        ("full_name", "x" * 101),
    ],
)
async def test_register_refuses_bad_fields_with_422(client: httpx.AsyncClient, field: str, value: str):
    payload = {"email": "ada@example.com", "password": DEFAULT_PASSWORD, "full_name": "Ada"}
    payload[field] = value
    response = await client.post("/api/v1/auth/register", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]


async def test_an_overlong_password_is_refused_with_a_message_naming_the_limit(client: httpx.AsyncClient):
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "ada@example.com", "password": "x" * 73, "full_name": "Ada"},
    )
    assert "72 bytes" in response.json()["detail"][0]["msg"]


async def test_a_72_byte_password_works_end_to_end(client: httpx.AsyncClient):
    password = "é" * 36
    await register(client, password=password)
    assert (await login(client, password=password)).status_code == 200
    assert (await login(client, password="é" * 35)).status_code == 401


async def test_passwords_are_not_trimmed(client: httpx.AsyncClient):
    await register(client, password="  spaced password  ")
    assert (await login(client, password="spaced password")).status_code == 401
    assert (await login(client, password="  spaced password  ")).status_code == 200


async def test_login_answers_a_new_pair_for_the_right_password(client: httpx.AsyncClient):
    registered = await register(client)
    response = await login(client, email="ADA@example.com")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["id"] == registered["user"]["id"]
    assert body["refresh_token"] != registered["refresh_token"]


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ada@example.com", "wrong password"),
        ("nobody@example.com", DEFAULT_PASSWORD),
        ("ada@example.com", "x" * 100),
    ],
)
async def test_bad_credentials_are_401_invalid_credentials(
    client: httpx.AsyncClient, email: str, password: str
):
    await register(client)
    response = await login(client, email=email, password=password)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_an_inactive_account_cannot_log_in_or_use_its_tokens(app: FastAPI, client: httpx.AsyncClient):
    tokens = await register(client)
    await deactivate(app, "ada@example.com")
    response = await login(client)
    assert (response.status_code, response.json()["code"]) == (401, "account_inactive")
    me = await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))
    assert (me.status_code, me.json()["code"]) == (401, "account_inactive")
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert (refreshed.status_code, refreshed.json()["code"]) == (401, "account_inactive")


async def test_an_account_with_a_passlib_hash_can_log_in(app: FastAPI, client: httpx.AsyncClient):
    await register(client, password="some-other-password")
    async with app.state.resources.database.engine.begin() as connection:
        await connection.execute(update(users_table).values(password_hash=PASSLIB_HASH))
    response = await login(client, password="correct horse battery")
    assert response.status_code == 200


async def test_check_email_tells_whether_an_email_is_free(client: httpx.AsyncClient):
    free = await client.get("/api/v1/auth/check-email", params={"email": "ada@example.com"})
    assert free.json() == {"available": True}
    await register(client)
    taken = await client.get("/api/v1/auth/check-email", params={"email": "Ada@Example.com"})
    assert taken.json() == {"available": False}
    bad = await client.get("/api/v1/auth/check-email", params={"email": "nope"})
    assert bad.status_code == 422


async def test_public_routes_ignore_an_expired_or_garbage_bearer_token(client: httpx.AsyncClient):
    response = await client.get(
        "/api/v1/auth/check-email", params={"email": "a@example.com"}, headers=bearer("garbage")
    )
    assert response.status_code == 200
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": "ada@example.com", "password": DEFAULT_PASSWORD, "full_name": "Ada"},
        headers=bearer("garbage"),
    )
    assert registered.status_code == 201
