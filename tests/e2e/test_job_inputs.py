"""Job input rules as the server enforces them and as the OpenAPI document declares them: the string
lists, applied_date, the URL, and bodies the server takes matching their declared schema."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.presentation.schemas.job import KEYWORD_MAX, LIST_ITEM_MAX, LIST_MAX
from tests.e2e.jobs_helpers import JOBS, create_job, signed_in
from tests.e2e.openapi_declared import answer_errors, request_errors

POSTING = "Registered Nurse\nSt. Anne's Medical Center\nDenver, CO\n\nQualifications:\n- BLS\n"


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    body: dict[str, Any] = (await client.get("/openapi.json")).json()
    return body


@pytest.mark.parametrize(
    ("field", "length"),
    [("requirements", LIST_ITEM_MAX), ("benefits", LIST_ITEM_MAX), ("parsed_keywords", KEYWORD_MAX)],
)
async def test_a_job_list_holds_at_most_a_hundred_entries_as_declared(
    client: httpx.AsyncClient, field: str, length: int
):
    headers = await signed_in(client)
    job = await create_job(client, headers, **{field: ["x" * length] * LIST_MAX})

    too_many = await client.put(f"{JOBS}/{job['id']}", json={field: ["x"] * (LIST_MAX + 1)}, headers=headers)
    too_long = await client.post(
        JOBS, json={"title": "T", "company": "C", field: ["x" * (length + 1)]}, headers=headers
    )

    assert len(job[field]) == LIST_MAX
    assert too_many.json()["detail"][0]["type"] == "too_long"
    assert too_long.json()["detail"][0]["type"] == "string_too_long"
    schemas = (await openapi(client))["components"]["schemas"]
    for model in ("JobCreate", "JobUpdate"):
        listed = schemas[model]["properties"][field]["anyOf"][0]
        assert (listed["maxItems"], listed["items"]["maxLength"]) == (LIST_MAX, length), model


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2024-05-01", "2024-05-01T00:00:00Z"),
        ("2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z"),
        ("2024-05-01T10:00:00.000", "2024-05-01T10:00:00Z"),
    ],
)
async def test_applied_date_takes_iso_dates_and_timestamps(client: httpx.AsyncClient, sent: str, stored: str):
    headers = await signed_in(client)
    job = await create_job(client, headers, application_status="applied", applied_date=sent)
    assert job["applied_date"] == stored


@pytest.mark.parametrize("sent", ["20240501", 1714557600, "1714557600", "May 1, 2024"])
async def test_applied_date_as_a_unix_time_or_free_text_is_422(client: httpx.AsyncClient, sent: object):
    # "20240501" used to be read as a unix time: 1970-08-23.
    headers = await signed_in(client)
    job = await create_job(client, headers)
    response = await client.put(f"{JOBS}/{job['id']}", json={"applied_date": sent}, headers=headers)
    assert response.status_code == 422
    assert request_errors(await openapi(client), "PUT", "/api/v1/jobs/{job_id}", {"applied_date": sent}) != []


async def test_a_kept_url_is_stored_as_a_uri(client: httpx.AsyncClient):
    headers = await signed_in(client)
    response = await client.post(
        JOBS, json={"raw_text": POSTING, "url": "https://example.com/jobs/enfermería"}, headers=headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["url"] == "https://example.com/jobs/enfermer%C3%ADa"
    assert answer_errors(await openapi(client), "POST", "/api/v1/jobs", 201, response.json()) == []


@pytest.mark.parametrize(
    "url", ["https://exa mple.com/job", "https://example.com/<job>", "http://example.com:8o/"]
)
async def test_a_malformed_http_url_is_422(client: httpx.AsyncClient, url: str):
    headers = await signed_in(client)
    response = await client.post(JOBS, json={"raw_text": POSTING, "url": url}, headers=headers)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


async def test_the_url_is_declared_with_its_format_and_length(client: httpx.AsyncClient):
    schemas = (await openapi(client))["components"]["schemas"]
    sent = schemas["JobCreate"]["properties"]["url"]["anyOf"][0]
    answered = schemas["JobOut"]["properties"]["url"]["anyOf"][0]
    assert (sent["format"], sent["maxLength"]) == ("iri-reference", 2048)
    assert (answered["format"], answered["maxLength"]) == ("uri", 2048)


async def test_bodies_the_server_takes_match_their_declared_schemas(client: httpx.AsyncClient):
    headers = await signed_in(client)
    document = await openapi(client)
    job = await create_job(client, headers)
    creates = [
        {"raw_text": POSTING, "url": "", "title": "", "company": "  ", "location": ""},
        {"raw_text": "", "title": "Nurse", "company": "St. Anne's", "requirements": ["BLS", ""]},
        {
            "raw_text": POSTING,
            "url": "https://example.com/jobs/1",
            "applied_date": None,
            "parsed_keywords": [],
        },
    ]
    for body in creates:
        response = await client.post(JOBS, json=body, headers=headers)
        assert response.status_code == 201, response.text
        assert request_errors(document, "POST", "/api/v1/jobs", body) == [], body
    update = {"applied_date": "2024-05-01t10:20z", "benefits": None, "location": None, "notes": ""}
    response = await client.put(f"{JOBS}/{job['id']}", json=update, headers=headers)
    assert response.status_code == 200, response.text
    assert request_errors(document, "PUT", "/api/v1/jobs/{job_id}", update) == []
