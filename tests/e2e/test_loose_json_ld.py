"""Job pages whose schema.org JobPosting is written loosely, as many sites write it, imported from a URL:
the usable fields are taken, the unusable ones ignored, and the import never fails because of them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.jobs_helpers import JOBS, signed_in
from tests.helpers import make_client, make_settings, running_app
from tests.loopback import CannedPage, LoopbackServer, loopback_server


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as loopback:
        yield loopback


@pytest.fixture
async def intake_client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(database_url, job_url_allow_private=True, job_url_timeout_s=2)
    async with running_app(settings) as app, make_client(app) as client:
        yield client


async def imported(
    client: httpx.AsyncClient, server: LoopbackServer, posting: dict[str, Any]
) -> dict[str, Any]:
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    server.pages["/job"] = CannedPage(f"<html><head>{script}</head><body>Careers</body></html>".encode())
    response = await client.post(JOBS, json={"url": server.url("/job")}, headers=await signed_in(client))
    assert response.status_code == 201, response.text
    job: dict[str, Any] = response.json()
    return job


async def test_an_address_and_qualifications_as_plain_text_and_mixed_benefit_lists_are_read(
    intake_client: httpx.AsyncClient, server: LoopbackServer
):
    job = await imported(
        intake_client,
        server,
        {
            "@type": "JobPosting",
            "title": "Platform Engineer",
            "hiringOrganization": "Nordlicht Energy",
            "jobLocation": {"@type": "Place", "address": "Berlin, Germany"},
            "qualifications": "Three years with Terraform",
            "jobBenefits": ["Pension plan", 42, "  ", {"name": "Bike"}],
            "description": "Run the platform.",
        },
    )
    assert (job["title"], job["company"], job["location"]) == (
        "Platform Engineer",
        "Nordlicht Energy",
        "Berlin, Germany",
    )
    assert job["requirements"] == ["Three years with Terraform"]
    assert job["benefits"] == ["Pension plan"]


@pytest.mark.parametrize(
    "salary",
    [
        {"currency": "EUR", "value": {"minValue": "competitive", "maxValue": "DOE"}},  # words, no figures
        {"currency": "EUR", "value": {"unitText": "YEAR"}},  # no amount at all
        {"currency": "EUR", "value": 70000},  # not a QuantitativeValue
        {"value": {"minValue": 70000, "maxValue": 85000}},  # no currency
    ],
)
async def test_a_salary_without_a_usable_amount_or_currency_is_left_out(
    intake_client: httpx.AsyncClient, server: LoopbackServer, salary: dict[str, Any]
):
    job = await imported(
        intake_client,
        server,
        {"@type": "JobPosting", "title": "Platform Engineer", "baseSalary": salary, "description": "Run it."},
    )
    assert job["title"] == "Platform Engineer"
    assert job["salary_range"] is None
