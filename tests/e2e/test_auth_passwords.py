"""change-password, forgot-password and reset-password over HTTP, through the log email adapter."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.application.services.auth_service import hash_reset_token
from app.domain.entities.password_reset_token import PasswordResetToken
from tests.helpers import (
    DEFAULT_PASSWORD,
    bearer,
    login,
    make_client,
    make_settings,
    register,
    running_app,
    uow_of,
)

NEW_PASSWORD = "a-brand-new-password"


def reset_token_in(text: str) -> str:
    match = re.search(r"(?:token=|^)([A-Za-z0-9_-]{40,})\r?$", text, re.MULTILINE)
    assert match, text
    return match.group(1)


def logged_reset_token(caplog: pytest.LogCaptureFixture) -> str:
    [record] = [r for r in caplog.records if r.name == "jobwise.email"]
    return reset_token_in(record.email_body)  # type: ignore[attr-defined]


async def forgot(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/api/v1/auth/forgot-password", json={"email": email})


async def reset(client: httpx.AsyncClient, token: str, password: str = NEW_PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/auth/reset-password", json={"token": token, "new_password": password})


async def test_change_password_revokes_every_session_and_swaps_the_password(client: httpx.AsyncClient):
    phone = await register(client)
    laptop = (await login(client)).json()
    response = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(phone["access_token"]),
    )
    assert response.status_code == 200
    assert "message" in response.json()
    for tokens in (phone, laptop):
        me = await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))
        assert (me.status_code, me.json()["code"]) == (401, "token_revoked")
        again = await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert again.json()["code"] == "token_revoked"
    assert (await login(client)).status_code == 401
    assert (await login(client, password=NEW_PASSWORD)).status_code == 200


async def test_change_password_with_a_wrong_current_password_is_400(client: httpx.AsyncClient):
    tokens = await register(client)
    response = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": "not the password", "new_password": NEW_PASSWORD},
        headers=bearer(tokens["access_token"]),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_current_password"
    assert (await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))).status_code == 200


async def test_change_password_checks_the_new_password_length(client: httpx.AsyncClient):
    tokens = await register(client)
    for bad in ("short", "x" * 73):
        response = await client.post(
            "/api/v1/auth/change-password",
            json={"current_password": DEFAULT_PASSWORD, "new_password": bad},
            headers=bearer(tokens["access_token"]),
        )
        assert response.status_code == 422


async def test_change_password_needs_a_token(client: httpx.AsyncClient):
    response = await client.post(
        "/api/v1/auth/change-password", json={"current_password": "a" * 8, "new_password": "b" * 8}
    )
    assert response.status_code == 401


async def test_forgot_password_answers_the_same_for_known_and_unknown_emails(client: httpx.AsyncClient):
    await register(client)
    known, unknown = await forgot(client, "ada@example.com"), await forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()


@pytest.mark.parametrize("body", [{}, {"email": "not-an-email"}])
async def test_forgot_password_needs_a_valid_email(client: httpx.AsyncClient, body: dict[str, str]):
    assert (await client.post("/api/v1/auth/forgot-password", json=body)).status_code == 422


async def test_the_reset_flow_works_end_to_end_through_the_logged_email(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    tokens = await register(client)
    caplog.clear()
    await forgot(client, "ADA@example.com")
    token = logged_reset_token(caplog)

    assert (await reset(client, token)).status_code == 200
    me = await client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))
    assert me.json()["code"] == "token_revoked"
    assert (await login(client, password=NEW_PASSWORD)).status_code == 200
    assert (await login(client)).status_code == 401

    reused = await reset(client, token, "yet-another-password")
    assert (reused.status_code, reused.json()["code"]) == (400, "invalid_reset_token")


async def test_a_second_request_voids_the_first_reset_token(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    await register(client)
    caplog.clear()
    await forgot(client, "ada@example.com")
    first = logged_reset_token(caplog)
    caplog.clear()
    await forgot(client, "ada@example.com")
    second = logged_reset_token(caplog)
    assert (await reset(client, first)).json()["code"] == "invalid_reset_token"
    assert (await reset(client, second)).status_code == 200


async def test_changing_the_password_voids_an_outstanding_reset_token(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    tokens = await register(client)
    caplog.clear()
    await forgot(client, "ada@example.com")
    token = logged_reset_token(caplog)
    changed = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(tokens["access_token"]),
    )
    assert changed.status_code == 200
    response = await reset(client, token, "the-thief-s-password")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_reset_token")
    assert (await login(client, password=NEW_PASSWORD)).status_code == 200


async def test_resetting_the_password_voids_every_other_unused_reset_token(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
):
    user_id = (await register(client))["user"]["id"]
    caplog.clear()
    await forgot(client, "ada@example.com")
    token = logged_reset_token(caplog)
    # A second token stored beside it, as two concurrent requests can leave behind on PostgreSQL.
    raced = secrets.token_urlsafe(32)
    async with uow_of(app) as uow:
        await uow.reset_tokens.add(
            PasswordResetToken(
                id=str(uuid.uuid4()),
                user_id=user_id,
                token_hash=hash_reset_token(raced),
                expires_at=datetime.now(UTC) + timedelta(hours=1),
            )
        )
        await uow.commit()
    assert (await reset(client, token)).status_code == 200
    response = await reset(client, raced, "the-thief-s-password")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_reset_token")


@pytest.mark.parametrize("token", ["unknown-token", "x" * 256])
async def test_an_unknown_reset_token_is_400(client: httpx.AsyncClient, token: str):
    response = await reset(client, token)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_reset_token")


@pytest.mark.parametrize(
    "body",
    [
        {"token": "", "new_password": NEW_PASSWORD},
        {"token": "x" * 257, "new_password": NEW_PASSWORD},
        {"token": "abc", "new_password": "short"},
    ],
)
async def test_reset_password_validates_its_fields(client: httpx.AsyncClient, body: dict[str, str]):
    assert (await client.post("/api/v1/auth/reset-password", json=body)).status_code == 422


async def test_the_reset_message_carries_the_configured_link(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    settings = make_settings(database_url, password_reset_url="https://app.jobwise.example/reset")
    async with running_app(settings) as app, make_client(app) as client:
        await register(client)
        caplog.clear()
        await forgot(client, "ada@example.com")
    [record] = [r for r in caplog.records if r.name == "jobwise.email"]
    assert "https://app.jobwise.example/reset?token=" in record.email_body  # type: ignore[attr-defined]
