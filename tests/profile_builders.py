"""Builders for profile tests: request bodies and a signed-in user with a profile."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import bearer, register

PROFILES = "/api/v1/profiles"


def make_experience(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Backend Engineer",
        "company": "Analytical Engines Ltd",
        "location": "London",
        "start_date": "2019-03-01",
        "end_date": "2022-06-30",
        "description": "Built the payment platform used by two million customers every month.",
        "achievements": ["Cut checkout latency by 40%"],
        "technologies": ["Python", "PostgreSQL"],
    }
    values.update(overrides)
    return values


def make_education(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "institution": "University of London",
        "degree": "BSc",
        "field_of_study": "Mathematics",
        "start_date": "2012-09-01",
        "end_date": "2015-06-30",
        "gpa": 3.8,
    }
    values.update(overrides)
    return values


def make_project(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Difference Engine",
        "description": "A mechanical calculator for polynomial tables, rebuilt in software.",
        "technologies": ["Rust"],
        "url": "https://example.com/engine",
    }
    values.update(overrides)
    return values


def make_certification(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Certified Kubernetes Administrator",
        "issuer": "CNCF",
        "date_obtained": "2023-05-01",
    }
    values.update(overrides)
    return values


def make_profile_body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "personal_info": {"full_name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 1234"},
        "professional_summary": "Engineer who turns analytical ideas into working machines.",
        "skills": {"technical": ["Python", "SQL"], "soft": ["Writing"]},
        "experiences": [make_experience()],
        "education": [make_education()],
        "projects": [make_project()],
    }
    values.update(overrides)
    return values


async def sign_up(client: httpx.AsyncClient, email: str = "ada@example.com") -> dict[str, str]:
    """Register a user and answer the Authorization header for them."""
    tokens = await register(client, email=email)
    return bearer(tokens["access_token"])


async def user_id_of(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    user_id: int = (await client.get("/api/v1/auth/me", headers=headers)).json()["id"]
    return user_id


async def create_profile(
    client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    response = await client.post(PROFILES, json=make_profile_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
