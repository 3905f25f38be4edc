"""Queued generations across a restart, and profile enhancement in the user's style."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from app.domain.entities.generation import Generation
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode, GenerationStatus
from app.main import create_app
from tests.e2e.generation_helpers import API, applicant, generate, wait_until_finished
from tests.e2e.jobs_helpers import expect_error
from tests.e2e.samples_helpers import upload
from tests.helpers import uow_of

RESUME_SAMPLE = (
    b"Jordan Reyes\n\nEXPERIENCE\n- Led a team of four engineers shipping the billing service.\n"
    b"- Reduced deployment time by half through automation.\n- Designed the API used by every client.\n"
)


async def test_generations_left_unfinished_by_a_stopped_server_are_failed_interrupted_at_start(
    app: FastAPI, client: httpx.AsyncClient
):
    who = await applicant(client)
    finished = (await generate(client, who)).json()
    unfinished = []
    async with uow_of(app) as uow:
        for status in (GenerationStatus.PENDING, GenerationStatus.GENERATING):
            generation = Generation(
                user_id=finished["user_id"],
                job_id=who.job["id"],
                document_type=DocumentType.COVER_LETTER,
                mode=GenerationMode.ASYNC,
                status=status,
            )
            await uow.generations.add(generation)
            unfinished.append(generation.id)
        await uow.commit()

    restarted = create_app(app.state.resources.settings)
    async with restarted.router.lifespan_context(restarted):
        pass

    for generation_id in unfinished:
        body = (await client.get(f"{API}/generations/{generation_id}", headers=who.headers)).json()
        assert (body["status"], body["error_code"]) == ("failed", "interrupted")
        assert body["content_text"] is None
    kept = (await client.get(f"{API}/generations/{finished['generation_id']}", headers=who.headers)).json()
    assert kept == finished


async def test_an_async_cover_letter_completes_in_the_background(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await generate(client, who, "cover-letter", mode="async")
    assert response.status_code == 202, response.text
    done = await wait_until_finished(client, response.headers["Location"], who.headers)
    assert done["status"] == "completed"
    assert done["content_structured"]["sections"][0]["type"] == "letter"
    assert done["error_code"] is None


async def test_enhancement_needs_an_active_writing_sample(client: httpx.AsyncClient):
    who = await applicant(client)
    body = {"profile_id": who.profile["id"]}
    response = await client.post(f"{API}/profile/enhance", json=body, headers=who.headers)
    expect_error(response, 400, "writing_sample_required")


async def test_enhancement_writes_enhanced_texts_and_keeps_the_originals(client: httpx.AsyncClient):
    who = await applicant(client)
    token = who.headers["Authorization"].removeprefix("Bearer ")
    assert (
        await upload(client, token, document_type="resume", filename="cv.txt", content=RESUME_SAMPLE)
    ).status_code == 201
    response = await client.post(
        f"{API}/profile/enhance", json={"profile_id": who.profile["id"]}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["profile_id"] == who.profile["id"]
    assert result["status"] == "completed"
    assert result["enhanced_sections"]["experiences_enhanced"] == 3
    assert result["enhanced_sections"]["projects_enhanced"] == 2
    assert result["llm_metadata"]["model"] == "local-composer"
    assert result["writing_style_used"]["extraction_method"] == "stylometry"

    profile = (await client.get(f"{API}/profiles/{who.profile['id']}", headers=who.headers)).json()
    for before, after in zip(who.profile["experiences"], profile["experiences"], strict=True):
        assert after["description"] == before["description"]
        assert after["enhanced_description"]
    assert profile["professional_summary"] == who.profile["professional_summary"]
    assert profile["enhanced_professional_summary"] == result["enhanced_sections"]["professional_summary"]

    # The tailored resume prefers the enhanced text.
    resume = (await generate(client, who)).json()
    assert resume["content_used"]["summary_enhanced"] is True


async def test_enhancement_of_an_unknown_or_foreign_profile_is_404(client: httpx.AsyncClient):
    who = await applicant(client)
    stranger = await applicant(client, "grace@example.com")
    for profile_id in (stranger.profile["id"], "not-a-uuid", "6f1c9b2e-4a57-4c1e-9d8e-0b1a2c3d4e5f"):
        response = await client.post(
            f"{API}/profile/enhance", json={"profile_id": profile_id}, headers=who.headers
        )
        expect_error(response, 404, "profile_not_found")
