"""The job list (filters, search, sort, pages), stats and the parse endpoint over HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from app.presentation.schemas.job import JobOut
from tests.e2e.jobs_helpers import JOBS, create_job, signed_in


async def listing(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get(JOBS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_list_has_the_users_jobs_newest_first_with_pagination(client: httpx.AsyncClient):
    headers = await signed_in(client)
    other = await signed_in(client, "eve@example.com")
    created = [await create_job(client, headers, title=f"Job {n}") for n in range(5)]
    await create_job(client, other, title="Not mine")
    first = await listing(client, headers, limit=2)
    assert [job["title"] for job in first["jobs"]] == ["Job 4", "Job 3"]
    assert (first["total"], first["pagination"]) == (
        5,
        {"limit": 2, "offset": 0, "total": 5, "hasMore": True},
    )
    last = await listing(client, headers, limit=2, offset=4)
    assert [job["title"] for job in last["jobs"]] == ["Job 0"]
    assert last["pagination"]["hasMore"] is False
    beyond = await listing(client, headers, offset=10)
    assert (beyond["jobs"], beyond["total"], beyond["pagination"]["hasMore"]) == ([], 5, False)
    detail = created[0]
    item = last["jobs"][0]
    assert item == {key: value for key, value in detail.items() if key != "status_history"}
    JobOut.model_validate(item)


async def test_list_items_and_details_agree_field_by_field(client: httpx.AsyncClient):
    headers = await signed_in(client)
    detail = await create_job(
        client,
        headers,
        raw_text='Data Analyst\nNorthstar Insurance\nHartford, CT\n\nSQL, "Power BI", Excel.\nPay: $30/hour',
        application_status="applied",
        notes="Ünïcode ✓",
    )
    [item] = (await listing(client, headers))["jobs"]
    assert JobOut.model_validate(item) == JobOut.model_validate(detail)


# Every field set, text that JSON writers escape differently (quotes, backslash, controls, U+2028,
# "</"), and an applied_date at midnight (the list once wrote it "T00:00:00.000000Z", the detail
# "T00:00:00Z").
EVERY_FIELD = {
    "raw_text": "Staff Engineer\nAcme Robotics\nBoston, MA\n\nPython, Rust and SQL. Pay: $150k-$180k",
    "url": "https://jobs.example.com/staff-engineer?ref=a&b=ü",
    "source": "linkedin",
    "title": "Staff Engineer",
    "company": 'Acme "Robotics" \\ Co',
    "location": "Boston, MA",
    "description": "Line one\nLine two\twith a tab \u2028 and </script> \u0001 ✓ 🚀",
    "requirements": ["Python", "Rust"],
    "benefits": ["Pension", "Ünïcode ✓"],
    "parsed_keywords": ["Python", "Rust", "SQL"],
    "salary_range": "$150,000 - $180,000 per year",
    "remote": True,
    "employment_type": "contract",
    "status": "archived",
    "application_status": "applied",
    "applied_date": "2024-03-01",
    "notes": 'Call back on Monday — "soon"\n\\o/',
}


async def test_a_job_reads_the_same_byte_for_byte_in_the_list_and_alone(client: httpx.AsyncClient):
    headers = await signed_in(client)
    created = await create_job(client, headers, **EVERY_FIELD)
    edited = await client.put(f"{JOBS}/{created['id']}", json={"notes": "Edited"}, headers=headers)
    assert edited.status_code == 200, edited.text
    listed = await client.get(JOBS, headers=headers)
    detail = await client.get(f"{JOBS}/{created['id']}", headers=headers)
    body = listed.content
    assert body.startswith(b'{"jobs":[')
    assert body.count(b'],"total":1,') == 1
    item = body[len(b'{"jobs":[') : body.index(b'],"total":1,')]
    assert detail.content.startswith(item[:-1] + b',"status_history":['), (item, detail.content)
    assert b'"applied_date":"2024-03-01T00:00:00Z"' in item
    assert all(value is not None for value in json.loads(item).values())  # every field was set


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"status": "archived"}, ["Archived"]),
        ({"application_status": "applied"}, ["Applied"]),
        ({"employment_type": "contract"}, ["Contract"]),
        ({"remote": "true"}, ["Remote"]),
        ({"source": "api"}, []),
        ({"source": "linkedin"}, ["From LinkedIn"]),
        ({"source": "imported"}, []),
        ({"source": "text_parsed"}, []),
        ({"source": "url_import"}, []),
        ({"q": "KITCHEN"}, ["Remote"]),
        ({"q": "nurse"}, ["Contract"]),
        ({"status": "active", "remote": "false", "sort": "title"}, ["Applied", "Contract", "From LinkedIn"]),
    ],
)
async def test_filters_and_search(client: httpx.AsyncClient, params: dict[str, str], titles: list[str]):
    headers = await signed_in(client)
    await create_job(client, headers, title="Archived", status="archived")
    await create_job(client, headers, title="Applied", application_status="applied")
    await create_job(client, headers, title="Contract", employment_type="contract", description="Night nurse")
    await create_job(client, headers, title="Remote", remote=True, company="Kitchen Co")
    await create_job(client, headers, title="From LinkedIn", source="linkedin")
    body = await listing(client, headers, **params)
    assert sorted(job["title"] for job in body["jobs"]) == sorted(titles)
    assert body["total"] == len(titles)


@pytest.mark.parametrize(
    ("sort", "titles"),
    [
        ("title", ["Alpha", "bravo", "Charlie"]),
        ("-title", ["Charlie", "bravo", "Alpha"]),
        ("company", ["Charlie", "Alpha", "bravo"]),
        ("created_at", ["bravo", "Charlie", "Alpha"]),
        ("-created_at", ["Alpha", "Charlie", "bravo"]),
        ("-updated_at", ["Charlie", "Alpha", "bravo"]),
    ],
)
async def test_sorting(client: httpx.AsyncClient, sort: str, titles: list[str]):
    headers = await signed_in(client)
    await create_job(client, headers, title="bravo", company="c3")
    charlie = await create_job(client, headers, title="Charlie", company="A1")
    await create_job(client, headers, title="Alpha", company="B2")
    await client.put(f"{JOBS}/{charlie['id']}", json={"notes": "touched"}, headers=headers)
    assert [job["title"] for job in (await listing(client, headers, sort=sort))["jobs"]] == titles


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"sort": "salary"},
        {"status": "gone"},
        {"source": "monster"},
        {"source": "mock"},
        {"remote": "maybe"},
        {"q": "x" * 201},
    ],
)
async def test_bad_query_values_are_422(client: httpx.AsyncClient, params: dict[str, object]):
    headers = await signed_in(client)
    response = await client.get(JOBS, params=params, headers=headers)
    assert response.status_code == 422
    [(name, _value)] = params.items()
    assert [error["loc"] for error in response.json()["detail"]] == [["query", name]]


async def test_the_list_parameters_are_documented_from_the_model_that_reads_them(
    client: httpx.AsyncClient,
):
    operation = (await client.get("/openapi.json")).json()["paths"][JOBS]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "limit",
        "offset",
        "status",
        "application_status",
        "source",
        "employment_type",
        "remote",
        "q",
        "sort",
    }
    assert all(parameter["in"] == "query" and not parameter["required"] for parameter in parameters.values())
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert "-created_at" in parameters["sort"]["schema"]["enum"]
    status_schema = parameters["status"]["schema"]["anyOf"][0]
    assert status_schema["enum"] == ["active", "archived", "draft"]  # enums inlined, no dangling $ref


async def test_stats_count_by_status_and_application_status_with_every_key(client: httpx.AsyncClient):
    headers = await signed_in(client)
    other = await signed_in(client, "eve@example.com")
    await create_job(client, headers)
    await create_job(client, headers, status="draft", application_status="interviewing")
    await create_job(client, other)
    response = await client.get(f"{JOBS}/stats", headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "total": 2,
        "by_status": {"active": 1, "archived": 0, "draft": 1},
        "by_application_status": {
            "not_applied": 1,
            "preparing": 0,
            "applied": 0,
            "interviewing": 1,
            "offer_received": 0,
            "accepted": 0,
            "rejected": 0,
            "withdrawn": 0,
        },
    }


async def test_parse_returns_the_fields_and_stores_nothing(client: httpx.AsyncClient):
    headers = await signed_in(client)
    text = (
        "Barista (Part-Time)\nMorning Ritual Coffee\n\n"
        "Friendly barista wanted in Asheville, NC.\n$16/hr plus tips."
    )
    response = await client.post(f"{JOBS}/parse", json={"raw_text": text}, headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "title": "Barista",
        "company": "Morning Ritual Coffee",
        "location": "Asheville, NC",
        "description": "Friendly barista wanted in Asheville, NC.\n$16/hr plus tips.",
        "requirements": [],
        "benefits": [],
        "parsed_keywords": ["barista"],
        "salary_range": "$16 per hour",
        "remote": False,
        "employment_type": "part_time",
        "source": "text_parsed",
    }
    assert (await listing(client, headers))["total"] == 0


@pytest.mark.parametrize("body", [{}, {"raw_text": "short"}, {"raw_text": "x" * 15_001}])
async def test_parse_needs_10_to_15000_characters(client: httpx.AsyncClient, body: dict[str, str]):
    headers = await signed_in(client)
    assert (await client.post(f"{JOBS}/parse", json=body, headers=headers)).status_code == 422
