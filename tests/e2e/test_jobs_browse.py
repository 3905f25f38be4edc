"""The public browse feed over HTTP, and start-up refusing a malformed feed file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.infrastructure.data_files import DataFileError
from app.main import create_app
from tests.e2e.jobs_helpers import JOBS, expect_error, signed_in
from tests.helpers import make_settings

BROWSE = f"{JOBS}/browse"


async def browse(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get(BROWSE, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_browse_needs_no_token_and_ignores_an_expired_one(client: httpx.AsyncClient):
    anonymous = await browse(client)
    response = await client.get(BROWSE, headers={"Authorization": "Bearer expired.or.garbage"})
    assert (response.status_code, response.json()) == (200, anonymous)


async def test_browse_items_are_jobs_of_nobody_with_stable_mock_ids(client: httpx.AsyncClient):
    body = await browse(client, limit=100)
    assert body["total"] >= 40
    assert body["pagination"] == {"limit": 100, "offset": 0, "total": body["total"], "hasMore": False}
    item = body["jobs"][0]
    assert item["id"].startswith("mock-")
    assert len(item["id"]) == 21
    assert (item["user_id"], item["raw_text"], item["url"], item["applied_date"], item["notes"]) == (
        None,
    ) * 5
    assert (item["source"], item["status"], item["application_status"]) == ("mock", "active", "not_applied")
    assert item["created_at"] == item["updated_at"]
    created = [job["created_at"] for job in body["jobs"]]
    assert created == sorted(created, reverse=True)
    assert [job["id"] for job in (await browse(client, limit=100))["jobs"]] == [
        job["id"] for job in body["jobs"]
    ]


async def test_browse_pages(client: httpx.AsyncClient):
    everything = (await browse(client, limit=100))["jobs"]
    page = await browse(client, limit=5, offset=5)
    assert page["jobs"] == everything[5:10]
    assert page["pagination"]["hasMore"] is True


async def test_browse_query_needs_every_word(client: httpx.AsyncClient):
    both = await browse(client, query="python sql")
    assert both["total"] >= 1
    for job in both["jobs"]:
        text = " ".join([job["title"], job["company"], job["description"], *job["parsed_keywords"]]).lower()
        assert "python" in text
        assert "sql" in text
    assert (await browse(client, query="python zzzunmatched"))["total"] == 0


async def test_browse_location_is_a_substring_and_remote_true_means_remote_only(client: httpx.AsyncClient):
    germany = await browse(client, location="germany")
    assert germany["total"] >= 2
    assert all("Germany" in job["location"] for job in germany["jobs"])
    remote = await browse(client, remote="true", limit=100)
    assert remote["total"] >= 3
    assert all(job["remote"] for job in remote["jobs"])
    assert (await browse(client, remote="false"))["total"] == (await browse(client))["total"]


async def test_browse_filters_by_employment_type(client: httpx.AsyncClient):
    for kind in ("full_time", "part_time", "contract", "internship", "temporary"):
        body = await browse(client, employment_type=kind, limit=100)
        assert body["total"] >= 1
        assert {job["employment_type"] for job in body["jobs"]} == {kind}


@pytest.mark.parametrize("params", [{"employment_type": "gig"}, {"query": "x" * 201}, {"limit": 500}])
async def test_bad_browse_parameters_are_422(client: httpx.AsyncClient, params: dict[str, object]):
    assert (await client.get(BROWSE, params=params)).status_code == 422


async def test_a_browse_id_is_not_a_saved_job_but_can_be_saved_as_one(client: httpx.AsyncClient):
    item = (await browse(client, limit=1))["jobs"][0]
    headers = await signed_in(client)
    expect_error(await client.get(f"{JOBS}/{item['id']}", headers=headers), 404, "job_not_found")
    fields = {
        key: item[key] for key in ("title", "company", "location", "description", "requirements", "benefits")
    }
    saved = await client.post(JOBS, json={**fields, "id": item["id"], "source": "mock"}, headers=headers)
    assert saved.status_code == 201
    assert (saved.json()["source"], saved.json()["title"]) == ("imported", item["title"])
    assert saved.json()["id"] != item["id"]


async def test_a_malformed_feed_file_stops_start_up_with_a_clear_message(database_url: str, tmp_path: Path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"version": 1, "jobs": [{"title": "No company"}]}))
    app = create_app(make_settings(database_url, job_feed_path=feed))
    with pytest.raises(DataFileError, match=r"feed\.json is not usable: jobs\.0\.company: Field required"):
        async with app.router.lifespan_context(app):
            pass
