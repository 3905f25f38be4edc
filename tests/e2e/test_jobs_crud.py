"""Saving, reading, updating and deleting jobs over HTTP, with the application-status history."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.jobs_helpers import JOBS, create_job, expect_error, signed_in

POSTING = """Registered Nurse - Intensive Care Unit
St. Anne's Medical Center
Denver, CO

Qualifications:
- Active Colorado RN license
- BLS and ACLS certification

Pay: $42 - $55 per hour
"""


async def test_a_structured_job_is_saved_with_defaults_and_a_first_history_row(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers, description="Python and PostgreSQL services", id="", user_id=0)
    assert uuid.UUID(job["id"]).version == 4
    assert job["user_id"] == (await client.get("/api/v1/auth/me", headers=headers)).json()["id"]
    assert (job["source"], job["status"], job["application_status"], job["employment_type"]) == (
        "user_created",
        "active",
        "not_applied",
        "full_time",
    )
    assert job["parsed_keywords"] == ["Python", "PostgreSQL"]
    assert (job["remote"], job["applied_date"], job["raw_text"], job["url"]) == (False, None, None, None)
    assert job["created_at"].endswith("Z")
    assert job["status_history"] == [
        {"from_status": None, "to_status": "not_applied", "changed_at": job["created_at"]}
    ]


@pytest.mark.parametrize(
    ("hint", "stored"),
    [
        ("linkedin", "linkedin"),
        ("imported", "imported"),
        ("mock", "imported"),
        ("user_created", "user_created"),
        ("url_import", "url_import"),
        ("Indeed", "indeed"),
        ("monster", "user_created"),
    ],
)
async def test_a_known_source_label_comes_back_as_sent(client: httpx.AsyncClient, hint: str, stored: str):
    headers = await signed_in(client)
    assert (await create_job(client, headers, source=hint))["source"] == stored


async def test_pasted_text_from_the_mobile_app_keeps_its_user_created_label(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers, title=None, company=None, raw_text=POSTING, source="user_created")
    assert (job["source"], job["title"]) == ("user_created", "Registered Nurse - Intensive Care Unit")
    listed = await client.get(JOBS, params={"source": "user_created"}, headers=headers)
    assert [item["id"] for item in listed.json()["jobs"]] == [job["id"]]


async def test_pasted_text_is_parsed_and_saved_as_text_parsed(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(
        client, headers, title=None, company=None, raw_text=POSTING, notes="Referral from Sam"
    )
    assert job["source"] == "text_parsed"
    assert (job["title"], job["company"], job["location"]) == (
        "Registered Nurse - Intensive Care Unit",
        "St. Anne's Medical Center",
        "Denver, CO",
    )
    assert job["requirements"] == ["Active Colorado RN license", "BLS and ACLS certification"]
    assert job["salary_range"] == "$42 - $55 per hour"
    assert {"BLS", "ACLS"} <= set(job["parsed_keywords"])
    assert (job["raw_text"], job["notes"]) == (POSTING.strip(), "Referral from Sam")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "Only a title"},
        {"company": "Only a company", "notes": "x"},
        {"raw_text": "too short"},
        {"raw_text": "x" * 15_001},
        {"url": "https://example.com/" + "a" * 2048},
        {"title": "T", "company": "C", "employment_type": "gig"},
        {"title": "T", "company": "C", "application_status": "ghosted"},
        {"title": "T", "company": "C", "status": "deleted"},
        {"title": "T" * 201, "company": "C"},
        {"title": "T", "company": "C", "notes": "n" * 5001},
        {"title": "T", "company": "C", "description": "d" * 10_001},
        {"title": "T", "company": "C", "salary_range": "s" * 101},
    ],
)
async def test_a_body_without_a_form_or_with_bad_values_is_422(
    client: httpx.AsyncClient, body: dict[str, object]
):
    headers = await signed_in(client)
    response = await client.post(JOBS, json=body, headers=headers)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


async def test_empty_strings_mean_not_given(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers, url="", raw_text="  ", location="", notes="")
    assert (job["source"], job["location"], job["notes"]) == ("user_created", None, None)


async def test_strings_are_trimmed_and_empty_list_items_dropped(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers, title="  Nurse  ", requirements=[" BLS ", "", "  "], benefits=[])
    assert (job["title"], job["requirements"], job["benefits"]) == ("Nurse", ["BLS"], [])


async def test_a_job_is_read_back_with_its_history(client: httpx.AsyncClient):
    headers = await signed_in(client)
    created = await create_job(client, headers)
    response = await client.get(f"{JOBS}/{created['id']}", headers=headers)
    assert response.status_code == 200
    assert response.json() == created


async def test_put_changes_only_the_fields_sent_and_moves_the_status_through_the_table(
    client: httpx.AsyncClient,
):
    headers = await signed_in(client)
    job = await create_job(client, headers, location="Austin, TX", notes="first")
    url = f"{JOBS}/{job['id']}"
    response = await client.put(
        url,
        json={
            "parsed_keywords": ["Go"],
            "status": "active",
            "application_status": "applied",
            "raw_text": "ignored",
        },
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["parsed_keywords"], body["location"], body["notes"], body["raw_text"]) == (
        ["Go"],
        "Austin, TX",
        "first",
        None,
    )
    assert body["applied_date"] is not None
    assert [(h["from_status"], h["to_status"]) for h in body["status_history"]] == [
        (None, "not_applied"),
        ("not_applied", "applied"),
    ]
    assert body["updated_at"] > job["updated_at"]
    moved = (await client.put(url, json={"application_status": "interviewing"}, headers=headers)).json()
    assert moved["applied_date"] == body["applied_date"]
    assert len(moved["status_history"]) == 3


async def test_an_invalid_move_is_400_naming_the_allowed_states_and_changes_nothing(
    client: httpx.AsyncClient,
):
    headers = await signed_in(client)
    job = await create_job(client, headers, application_status="offer_received")
    url = f"{JOBS}/{job['id']}"
    response = await client.put(url, json={"application_status": "preparing", "notes": "x"}, headers=headers)
    expect_error(response, 400, "invalid_transition")
    assert "accepted, rejected, withdrawn" in response.json()["detail"]
    assert (await client.get(url, headers=headers)).json() == job


async def test_the_same_status_again_is_a_no_op(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers)
    response = await client.put(
        f"{JOBS}/{job['id']}", json={"application_status": "not_applied"}, headers=headers
    )
    assert response.json() == job


async def test_an_empty_put_is_a_no_op(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers)
    response = await client.put(f"{JOBS}/{job['id']}", json={}, headers=headers)
    assert (response.status_code, response.json()) == (200, job)


async def test_null_clears_optional_fields_and_leaves_required_ones(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers, location="Berlin", notes="n", salary_range="€50k")
    body = {"location": None, "notes": None, "title": None, "parsed_keywords": None, "remote": None}
    updated = (await client.put(f"{JOBS}/{job['id']}", json=body, headers=headers)).json()
    assert (updated["location"], updated["notes"], updated["salary_range"]) == (None, None, "€50k")
    assert (updated["title"], updated["parsed_keywords"], updated["remote"]) == (
        "Backend Engineer",
        job["parsed_keywords"],
        False,
    )


async def test_notes_up_to_5000_characters_are_editable(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers)
    url = f"{JOBS}/{job['id']}"
    assert (await client.put(url, json={"notes": "n" * 5000}, headers=headers)).json()["notes"] == "n" * 5000
    assert (await client.put(url, json={"notes": "n" * 5001}, headers=headers)).status_code == 422


async def test_delete_removes_the_job(client: httpx.AsyncClient):
    headers = await signed_in(client)
    job = await create_job(client, headers)
    response = await client.delete(f"{JOBS}/{job['id']}", headers=headers)
    assert (response.status_code, response.content) == (204, b"")
    expect_error(await client.get(f"{JOBS}/{job['id']}", headers=headers), 404, "job_not_found")
    expect_error(await client.delete(f"{JOBS}/{job['id']}", headers=headers), 404, "job_not_found")


@pytest.mark.parametrize("job_id", ["nope", "mock-0123456789abcdef", "12345", str(uuid.uuid4())])
async def test_unknown_malformed_and_feed_ids_are_404_job_not_found(client: httpx.AsyncClient, job_id: str):
    headers = await signed_in(client)
    expect_error(await client.get(f"{JOBS}/{job_id}", headers=headers), 404, "job_not_found")
    expect_error(
        await client.put(f"{JOBS}/{job_id}", json={"notes": "x"}, headers=headers), 404, "job_not_found"
    )
    expect_error(await client.delete(f"{JOBS}/{job_id}", headers=headers), 404, "job_not_found")


async def test_another_users_job_answers_exactly_like_an_unknown_one(client: httpx.AsyncClient):
    owner = await signed_in(client)
    stranger = await signed_in(client, "eve@example.com")
    job = await create_job(client, owner)
    unknown = await client.get(f"{JOBS}/{uuid.uuid4()}", headers=stranger)
    for response in (
        await client.get(f"{JOBS}/{job['id']}", headers=stranger),
        await client.put(f"{JOBS}/{job['id']}", json={"application_status": "applied"}, headers=stranger),
        await client.delete(f"{JOBS}/{job['id']}", headers=stranger),
    ):
        assert (response.status_code, response.json()) == (404, unknown.json())
    assert (await client.get(f"{JOBS}/{job['id']}", headers=owner)).json() == job


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", ""),
        ("GET", ""),
        ("GET", "/stats"),
        ("POST", "/parse"),
        ("GET", "/x"),
        ("PUT", "/x"),
        ("DELETE", "/x"),
    ],
)
async def test_every_job_route_but_browse_needs_a_token(client: httpx.AsyncClient, method: str, path: str):
    response = await client.request(method, f"{JOBS}{path}", json={})
    expect_error(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"] == "Bearer"
