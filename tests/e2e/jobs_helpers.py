"""Helpers shared by the jobs API tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import bearer, register

JOBS = "/api/v1/jobs"


async def signed_in(client: httpx.AsyncClient, email: str = "ada@example.com") -> dict[str, str]:
    return bearer((await register(client, email=email))["access_token"])


async def create_job(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"title": "Backend Engineer", "company": "Acme", **fields}
    response = await client.post(JOBS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def expect_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
