"""Saving a job from a URL over HTTP, against a loopback server the test starts."""

from __future__ import annotations

import html
import json
from collections.abc import AsyncIterator, Iterator
from ipaddress import IPv4Address, IPv6Address, ip_address

import httpx
import pytest
from fastapi import FastAPI

from app.infrastructure.adapters.job_pages.http_fetcher import (
    FetchLimits,
    HttpJobPageFetcher,
    is_public_address,
)
from tests.e2e.jobs_helpers import JOBS, expect_error, signed_in
from tests.helpers import make_client, make_settings, running_app
from tests.loopback import CannedPage, LoopbackServer, loopback_server

PAGE = b"""<html><body><nav>Jobs | About</nav><main>
<h1>Platform Engineer</h1><p>Nordlicht Energy</p><p>Berlin, Germany</p>
<h2>Requirements</h2><ul><li>3+ years with Terraform</li><li>AWS</li></ul>
<p>Salary: 70.000 EUR - 85.000 EUR per year</p></main></body></html>"""


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as loopback:
        yield loopback


@pytest.fixture
async def intake_client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The API with private addresses allowed (for the loopback server) and short fetch timeouts."""
    settings = make_settings(
        database_url, job_url_allow_private=True, job_url_timeout_s=1.5, job_url_connect_timeout_s=1.5
    )
    async with running_app(settings) as app, make_client(app) as client:
        yield client


async def job_count(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(JOBS, headers=headers)).json()["total"]
    return total


async def test_a_url_is_fetched_parsed_and_saved_with_the_apps_url_import_label(
    intake_client: httpx.AsyncClient, server: LoopbackServer
):
    server.pages["/jobs/42"] = CannedPage(PAGE)
    headers = await signed_in(intake_client)
    response = await intake_client.post(
        JOBS, json={"url": server.url("/jobs/42"), "source": "url_import"}, headers=headers
    )
    assert response.status_code == 201, response.text
    job = response.json()
    assert (job["source"], job["url"]) == ("url_import", server.url("/jobs/42"))
    assert (job["title"], job["company"], job["location"]) == (
        "Platform Engineer",
        "Nordlicht Energy",
        "Berlin, Germany",
    )
    assert job["requirements"] == ["3+ years with Terraform", "AWS"]
    assert job["salary_range"] == "€70,000 - €85,000 per year"
    assert {"Terraform", "AWS"} <= set(job["parsed_keywords"])
    assert job["raw_text"].startswith("Platform Engineer")
    assert "Jobs | About" not in job["raw_text"]


async def test_a_pages_json_ld_and_the_fields_sent_along_are_used(
    intake_client: httpx.AsyncClient, server: LoopbackServer
):
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "ICU Nurse",
        "hiringOrganization": {"@type": "Organization", "name": "St. Anne's"},
        "jobLocationType": "TELECOMMUTE",
        "employmentType": "PART_TIME",
        "description": html.escape("<p>Care for critically ill adults.</p><ul><li>BLS</li></ul>"),
    }
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    server.pages["/ld"] = CannedPage(f"<html><head>{script}</head><body>Menu</body></html>".encode())
    headers = await signed_in(intake_client)
    body = {"url": server.url("/ld"), "notes": "Apply by Friday", "application_status": "preparing"}
    job = (await intake_client.post(JOBS, json=body, headers=headers)).json()
    assert (job["title"], job["company"], job["remote"], job["employment_type"]) == (
        "ICU Nurse",
        "St. Anne's",
        True,
        "part_time",
    )
    assert job["description"] == "Care for critically ill adults.\n\n- BLS"
    assert (job["notes"], job["application_status"]) == ("Apply by Friday", "preparing")


@pytest.mark.parametrize(
    ("page", "cause"),
    [
        (CannedPage(b"gone", status=404), "HTTP 404"),
        (CannedPage(b"%PDF", content_type="application/pdf"), "not HTML or plain text"),
        (CannedPage(b"a" * (2 * 1024 * 1024 + 10)), "larger than 2 MiB"),
        (CannedPage(PAGE, delay_s=5), "timeout"),
        (CannedPage(b"", content_type="text/plain"), "no text"),
    ],
)
async def test_a_failed_fetch_is_400_url_fetch_failed_naming_the_cause_and_saves_nothing(
    intake_client: httpx.AsyncClient, server: LoopbackServer, page: CannedPage, cause: str
):
    server.pages["/bad"] = page
    headers = await signed_in(intake_client)
    response = await intake_client.post(JOBS, json={"url": server.url("/bad")}, headers=headers)
    expect_error(response, 400, "url_fetch_failed")
    assert cause in response.json()["detail"]
    assert await job_count(intake_client, headers) == 0


async def test_too_many_redirects_fail(intake_client: httpx.AsyncClient, server: LoopbackServer):
    for hop in range(7):
        server.pages[f"/r{hop}"] = CannedPage(status=302, headers={"Location": f"/r{hop + 1}"})
    headers = await signed_in(intake_client)
    response = await intake_client.post(JOBS, json={"url": server.url("/r0")}, headers=headers)
    expect_error(response, 400, "url_fetch_failed")
    assert await job_count(intake_client, headers) == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/job",
        "http://localhost/job",
        "http://[::1]/job",
        "http://169.254.169.254/",
        "ftp://example.com/job",
        "not a url",
    ],
)
async def test_private_addresses_and_other_schemes_are_400_url_not_allowed(
    client: httpx.AsyncClient, url: str
):
    headers = await signed_in(client)
    response = await client.post(JOBS, json={"url": url}, headers=headers)
    expect_error(response, 400, "url_not_allowed")
    assert await job_count(client, headers) == 0


async def test_a_redirect_from_an_allowed_page_to_a_private_one_is_refused(
    app: FastAPI, server: LoopbackServer
):
    # The default app refuses loopback addresses; this fetcher lets the test server's address through
    # and applies the real public-only check to every other one.
    def allowed(address: IPv4Address | IPv6Address) -> bool:
        return address == ip_address("127.0.0.1") or is_public_address(address)

    await app.state.resources.job_pages.aclose()
    app.state.resources.job_pages = HttpJobPageFetcher(limits=FetchLimits(), address_allowed=allowed)
    server.pages["/hop"] = CannedPage(status=302, headers={"Location": "http://10.20.30.40/internal"})
    async with make_client(app) as client:
        headers = await signed_in(client)
        response = await client.post(JOBS, json={"url": server.url("/hop")}, headers=headers)
        expect_error(response, 400, "url_not_allowed")
        assert await job_count(client, headers) == 0
    assert [path for path, _ in server.requests] == ["/hop"]
