"""Builders shared by the generation API tests: a user with a rich profile and a job to apply to."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx

from tests.e2e.jobs_helpers import create_job
from tests.profile_builders import create_profile, make_experience, make_project, sign_up

API = "/api/v1"

POSTING = (
    "We are hiring a Senior Backend Engineer to build our payments platform in Python and PostgreSQL. "
    "You will design APIs, run services on Kubernetes and mentor engineers. "
    "Requirements: 5+ years of Python, PostgreSQL, REST APIs, Docker."
)


def rich_profile_fields() -> dict[str, Any]:
    """A profile with items of different relevance to the backend job of `make_backend_job`."""
    return {
        "experiences": [
            make_experience(
                title="Senior Backend Engineer",
                company="Analytical Engines Ltd",
                start_date="2021-01-01",
                end_date=None,
                is_current=True,
                description="Designed REST APIs in Python for the payments platform. Ran PostgreSQL.",
                technologies=["Python", "PostgreSQL", "Docker"],
            ),
            make_experience(
                title="Pastry Chef",
                company="Le Petit Four",
                start_date="2012-01-01",
                end_date="2014-12-31",
                description="Baked croissants and managed the morning shift.",
                achievements=[],
                technologies=[],
            ),
            make_experience(
                title="Software Developer",
                company="Babbage & Co",
                start_date="2015-02-01",
                end_date="2020-12-31",
                description="Built internal tools in Python and maintained a Django monolith.",
                technologies=["Python", "Django"],
            ),
        ],
        "projects": [
            make_project(
                name="Payments Sandbox",
                description="A REST API simulator for payment flows in Python.",
                technologies=["Python", "FastAPI"],
            ),
            make_project(
                name="Watercolour Gallery", description="Paintings of the Thames at dusk.", technologies=[]
            ),
        ],
        "skills": {"technical": ["Python", "PostgreSQL", "Docker", "Rust"], "soft": ["Mentoring", "Writing"]},
    }


@dataclass
class Applicant:
    headers: dict[str, str]
    profile: dict[str, Any]
    job: dict[str, Any]


async def applicant(client: httpx.AsyncClient, email: str = "ada@example.com") -> Applicant:
    """A signed-in user with a rich primary profile and one saved backend job."""
    headers = await sign_up(client, email)
    profile = await create_profile(client, headers, **rich_profile_fields())
    job = await create_job(
        client,
        headers,
        title="Senior Backend Engineer",
        company="Acme Payments",
        description=POSTING,
        requirements=["5+ years of Python", "PostgreSQL", "REST APIs", "Docker"],
        parsed_keywords=["Python", "PostgreSQL", "REST", "Docker", "Kubernetes"],
    )
    return Applicant(headers=headers, profile=profile, job=job)


async def generate(
    client: httpx.AsyncClient, who: Applicant, kind: str = "resume", *, mode: str = "sync", **fields: Any
) -> httpx.Response:
    body = {"job_id": who.job["id"], **fields}
    return await client.post(
        f"{API}/generations/{kind}", params={"mode": mode}, json=body, headers=who.headers
    )


async def wait_until_finished(
    client: httpx.AsyncClient, location: str, headers: dict[str, str]
) -> dict[str, Any]:
    """Poll a queued generation until it is completed or failed (5 s at most)."""
    for _ in range(250):
        body: dict[str, Any] = (await client.get(location, headers=headers)).json()
        if body["status"] in ("completed", "failed"):
            return body
        await asyncio.sleep(0.02)
    raise AssertionError(f"still {body['status']} after 5 s")
