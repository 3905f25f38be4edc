"""The generation API (contract §6) with the default local composer: rankings, documents, history."""

from __future__ import annotations

import re

import httpx

from tests.e2e.generation_helpers import API, Applicant, applicant, generate, wait_until_finished
from tests.e2e.jobs_helpers import create_job, expect_error
from tests.profile_builders import create_profile

UNKNOWN_ID = "6f1c9b2e-4a57-4c1e-9d8e-0b1a2c3d4e5f"
RESUME_SECTIONS = ["professional_summary", "skills", "experience", "projects", "education"]


def _experience_ids(who: Applicant) -> dict[str, str]:
    return {item["company"]: item["id"] for item in who.profile["experiences"]}


async def test_a_ranking_puts_the_items_that_match_the_job_first(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await client.post(
        f"{API}/rankings/create", json={"job_id": who.job["id"]}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    ranking = response.json()
    ids = _experience_ids(who)
    assert ranking["ranked_experience_ids"][0] == ids["Analytical Engines Ltd"]
    assert ranking["ranked_experience_ids"][-1] == ids["Le Petit Four"]
    assert set(ranking["relevance_scores"]) == {*ids.values(), *(p["id"] for p in who.profile["projects"])}
    assert all(0 <= score <= 1 for score in ranking["relevance_scores"].values())
    assert (
        ranking["keyword_matches"].get("Python", 0) >= 2 or ranking["keyword_matches"].get("python", 0) >= 2
    )
    assert (
        "Analytical Engines" in ranking["ranking_rationale"]
        or "Senior Backend" in ranking["ranking_rationale"]
    )
    assert ranking["status"] == "completed"
    assert ranking["profile_id"] == who.profile["id"]


async def test_a_fresh_ranking_is_answered_from_the_cache_and_a_changed_profile_ranks_again(
    client: httpx.AsyncClient,
):
    who = await applicant(client)
    body = {"job_id": who.job["id"]}
    first = (await client.post(f"{API}/rankings/create", json=body, headers=who.headers)).json()
    again = (await client.post(f"{API}/rankings/create", json=body, headers=who.headers)).json()
    assert again == first

    chef = _experience_ids(who)["Le Petit Four"]
    update = {
        "id": chef,
        "description": "Designed Python REST APIs on PostgreSQL and Kubernetes for payments.",
        "technologies": ["Python", "PostgreSQL", "Kubernetes", "Docker"],
    }
    response = await client.put(
        f"{API}/profiles/{who.profile['id']}/experiences", json=[update], headers=who.headers
    )
    assert response.status_code == 200, response.text
    fetched = (await client.get(f"{API}/rankings/job/{who.job['id']}", headers=who.headers)).json()
    assert fetched["id"] == first["id"]
    assert fetched["updated_at"] > first["updated_at"]
    assert fetched["ranked_experience_ids"].index(chef) < first["ranked_experience_ids"].index(chef)


async def test_ranking_errors(client: httpx.AsyncClient):
    who = await applicant(client)
    expect_error(
        await client.get(f"{API}/rankings/job/{who.job['id']}", headers=who.headers), 404, "ranking_not_found"
    )
    for job_id in (UNKNOWN_ID, "not-a-uuid"):
        response = await client.post(f"{API}/rankings/create", json={"job_id": job_id}, headers=who.headers)
        expect_error(response, 404, "job_not_found")
        expect_error(
            await client.get(f"{API}/rankings/job/{job_id}", headers=who.headers), 404, "job_not_found"
        )
    body = {"job_id": who.job["id"], "profile_id": UNKNOWN_ID}
    expect_error(
        await client.post(f"{API}/rankings/create", json=body, headers=who.headers), 404, "profile_not_found"
    )


async def test_without_a_profile_rankings_and_documents_are_404_profile_not_found(client: httpx.AsyncClient):
    who = await applicant(client)
    other = await applicant(client, "grace@example.com")
    job = await create_job(client, other.headers)
    # A user with a job and no profile at all.
    response = await client.delete(f"{API}/profiles/{other.profile['id']}", headers=other.headers)
    assert response.status_code == 204, response.text
    body = {"job_id": job["id"]}
    for path in ("/rankings/create", "/generations/resume", "/generations/cover-letter"):
        expect_error(
            await client.post(API + path, json=body, headers=other.headers), 404, "profile_not_found"
        )
    # Another user's profile is as unknown as a missing one.
    body = {"job_id": job["id"], "profile_id": who.profile["id"]}
    expect_error(
        await client.post(f"{API}/generations/resume", json=body, headers=other.headers),
        404,
        "profile_not_found",
    )


async def test_a_tailored_resume_has_the_contract_shape(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await generate(client, who, max_experiences=2, max_projects=1)
    assert response.status_code == 201, response.text
    generation = response.json()
    assert generation["status"] == "completed"
    assert generation["mode"] == "sync"
    assert generation["document_type"] == "resume"
    assert (generation["job_title"], generation["company"]) == ("Senior Backend Engineer", "Acme Payments")
    assert generation["profile_id"] == who.profile["id"]
    assert generation["ranking_id"]
    assert generation["completed_at"] is not None
    assert generation["options"] == {
        "max_experiences": 2,
        "max_projects": 1,
        "include_summary": True,
        "custom_prompt": None,
    }
    structured = generation["content_structured"]
    assert [section["type"] for section in structured["sections"]] == RESUME_SECTIONS
    experience = next(s for s in structured["sections"] if s["type"] == "experience")
    assert [entry["company"] for entry in experience["entries"]] == ["Analytical Engines Ltd", "Babbage & Co"]
    assert structured["header"]["name"] == "Ada Lovelace"
    assert structured["header"]["title"] == "Senior Backend Engineer"
    assert structured["metadata"]["document_type"] == "resume"
    assert structured["metadata"]["job_id"] == who.job["id"]
    assert generation["content_used"] == {
        "experiences_count": 2,
        "projects_count": 1,
        "skills_count": 6,
        "education_count": 1,
        "summary_enhanced": False,
    }
    text = generation["content_text"]
    assert "EXPERIENCE" in text
    assert "EDUCATION" in text
    assert re.search(r"^- ", text, re.MULTILINE)
    assert "Pastry Chef" not in text
    assert 0 <= generation["ats_score"] <= 100
    assert generation["ats_score"] == round(generation["ats_score"], 1)
    feedback = generation["ats_feedback"]
    assert set(feedback) >= {"matched_keywords", "missing_keywords", "keyword_coverage", "suggestions"}
    assert generation["llm_metadata"]["provider"] == "local"


async def test_a_cover_letter_is_one_letter_section_addressed_as_asked(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await generate(client, who, "cover-letter", hiring_manager_name="Ms. Okafor", max_paragraphs=3)
    assert response.status_code == 201, response.text
    generation = response.json()
    sections = generation["content_structured"]["sections"]
    assert [section["type"] for section in sections] == ["letter"]
    letter = sections[0]
    assert letter["salutation"] == "Dear Ms. Okafor,"
    assert letter["recipient"] == {"name": "Ms. Okafor", "company": "Acme Payments"}
    assert 1 <= len(letter["paragraphs"]) <= 3
    assert letter["signature"] == "Ada Lovelace"
    assert "Acme Payments" in generation["content_text"]
    assert generation["llm_metadata"]["model"] == "local-composer"
    assert set(generation["content_used"]) == {
        "top_experiences",
        "top_projects",
        "skills_highlighted",
        "writing_style_applied",
    }
    assert generation["content_used"]["writing_style_applied"] is False

    default = (await generate(client, who, "cover-letter", company_name="Acme Group")).json()
    letter = default["content_structured"]["sections"][0]
    assert letter["salutation"] == "Dear Hiring Manager,"
    assert letter["recipient"]["company"] == "Acme Group"


async def test_history_lists_newest_first_with_text_and_filters(client: httpx.AsyncClient):
    who = await applicant(client)
    resume = (await generate(client, who)).json()
    letter = (await generate(client, who, "cover-letter")).json()
    other_job = await create_job(client, who.headers, title="Data Engineer", company="Globex")
    other = (await generate(client, who, job_id=other_job["id"])).json()

    response = await client.get(f"{API}/generations/history", headers=who.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert [g["generation_id"] for g in page["generations"]] == [
        other["generation_id"],
        letter["generation_id"],
        resume["generation_id"],
    ]
    assert page["total"] == 3
    assert page["pagination"] == {"limit": 20, "offset": 0, "total": 3, "hasMore": False}
    assert all(g["content_text"] for g in page["generations"])

    async def ids(**query: object) -> list[str]:
        found = (await client.get(f"{API}/generations/history", params=query, headers=who.headers)).json()
        return [g["generation_id"] for g in found["generations"]]

    assert await ids(document_type="cover_letter") == [letter["generation_id"]]
    assert await ids(job_id=who.job["id"]) == [letter["generation_id"], resume["generation_id"]]
    assert await ids(status="failed") == []
    assert await ids(job_id="not-a-uuid") == []
    assert await ids(limit=1, offset=1) == [letter["generation_id"]]
    response = await client.get(f"{API}/generations/history", params={"status": "done"}, headers=who.headers)
    assert response.status_code == 422


async def test_a_history_item_reads_byte_for_byte_as_the_generation_alone(client: httpx.AsyncClient):
    """The database writes the history's items; they are validated and written by the detail's schema."""
    who = await applicant(client)
    created = [(await generate(client, who, kind)).json() for kind in ("resume", "cover-letter")]
    history = await client.get(f"{API}/generations/history", headers=who.headers)
    items = re.findall(rb'\{"generation_id".*?(?=,\{"generation_id"|\],"total")', history.content)
    assert len(items) == 2
    for item in items:
        generation_id = re.search(rb'"generation_id":"([^"]+)"', item)
        assert generation_id is not None
        alone = await client.get(f"{API}/generations/{generation_id[1].decode()}", headers=who.headers)
        assert alone.content == item
    assert [g["generation_id"] for g in history.json()["generations"]] == [
        created[1]["generation_id"],
        created[0]["generation_id"],
    ]


async def test_a_generation_is_read_and_deleted_by_its_owner_only(client: httpx.AsyncClient):
    who = await applicant(client)
    stranger = await applicant(client, "grace@example.com")
    generation = (await generate(client, who)).json()
    location = f"{API}/generations/{generation['generation_id']}"
    assert (await client.get(location, headers=who.headers)).json() == generation
    expect_error(await client.get(location, headers=stranger.headers), 404, "generation_not_found")
    expect_error(await client.delete(location, headers=stranger.headers), 404, "generation_not_found")
    for unknown in (UNKNOWN_ID, "not-a-uuid"):
        expect_error(
            await client.get(f"{API}/generations/{unknown}", headers=who.headers), 404, "generation_not_found"
        )
    assert (await client.delete(location, headers=who.headers)).status_code == 204
    expect_error(await client.get(location, headers=who.headers), 404, "generation_not_found")
    expect_error(await client.delete(location, headers=who.headers), 404, "generation_not_found")


async def test_a_stranger_cannot_rank_or_generate_for_another_users_job(client: httpx.AsyncClient):
    who = await applicant(client)
    stranger = await applicant(client, "grace@example.com")
    body = {"job_id": who.job["id"]}
    for path in ("/rankings/create", "/generations/resume", "/generations/cover-letter"):
        expect_error(await client.post(API + path, json=body, headers=stranger.headers), 404, "job_not_found")
    expect_error(
        await client.get(f"{API}/rankings/job/{who.job['id']}", headers=stranger.headers),
        404,
        "job_not_found",
    )


async def test_deleting_the_job_deletes_its_generations_and_ranking(client: httpx.AsyncClient):
    who = await applicant(client)
    generation = (await generate(client, who)).json()
    assert (await client.delete(f"{API}/jobs/{who.job['id']}", headers=who.headers)).status_code == 204
    expect_error(
        await client.get(f"{API}/generations/{generation['generation_id']}", headers=who.headers),
        404,
        "generation_not_found",
    )
    page = (await client.get(f"{API}/generations/history", headers=who.headers)).json()
    assert page["total"] == 0


async def test_deleting_the_profile_keeps_its_generations_without_a_profile(client: httpx.AsyncClient):
    who = await applicant(client)
    generation = (await generate(client, who)).json()
    second = await create_profile(client, who.headers)
    # The primary profile cannot go while another exists: make the second one primary first.
    response = await client.put(
        f"{API}/profiles/{second['id']}", json={"is_primary": True}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    assert (
        await client.delete(f"{API}/profiles/{who.profile['id']}", headers=who.headers)
    ).status_code == 204
    kept = (await client.get(f"{API}/generations/{generation['generation_id']}", headers=who.headers)).json()
    assert kept["profile_id"] is None
    assert kept["content_text"] == generation["content_text"]


async def test_an_async_resume_is_answered_pending_and_completes(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await generate(client, who, mode="async")
    assert response.status_code == 202, response.text
    queued = response.json()
    assert queued["status"] in ("pending", "generating")
    assert queued["content_text"] is None
    assert queued["mode"] == "async"
    location = response.headers["Location"]
    assert location == f"/api/v1/generations/{queued['generation_id']}"
    done = await wait_until_finished(client, location, who.headers)
    assert done["status"] == "completed"
    assert done["content_text"]
    assert done["content_structured"]["metadata"]["document_type"] == "resume"


async def test_document_requests_are_validated(client: httpx.AsyncClient):
    who = await applicant(client)
    for fields in (
        {"max_experiences": 0},
        {"max_experiences": 11},
        {"max_projects": 6},
        {"custom_prompt": "x" * 501},
    ):
        assert (await generate(client, who, **fields)).status_code == 422
    for fields in (
        {"max_paragraphs": 2},
        {"max_paragraphs": 7},
        {"company_name": "x" * 201},
        {"hiring_manager_name": "x" * 101},
    ):
        assert (await generate(client, who, "cover-letter", **fields)).status_code == 422
    assert (await generate(client, who, mode="later")).status_code == 422
    response = await client.post(f"{API}/generations/resume", json={}, headers=who.headers)
    assert response.status_code == 422
    expect_error(await generate(client, who, job_id=UNKNOWN_ID), 404, "job_not_found")
