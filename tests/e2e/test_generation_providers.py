"""Generation through a remote model (a loopback server speaking the chat-completions wire format).

What the user sees when the provider fails, hangs, answers badly or invents facts; nothing is stored
for a failed synchronous request, and a failed letter costs nothing of the day's quota.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.generation_helpers import API, Applicant, applicant, generate, wait_until_finished
from tests.e2e.jobs_helpers import expect_error
from tests.e2e.samples_helpers import upload
from tests.helpers import make_client, make_settings, running_app
from tests.llm_server import LlmServer, failure, llm_server, raw, reply


@pytest.fixture
def model() -> Iterator[LlmServer]:
    with llm_server() as server:
        yield server


@pytest.fixture
async def remote(database_url: str, model: LlmServer) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        database_url,
        llm_provider="openai_compatible",
        llm_base_url=model.openai_base_url,
        llm_model="loopback-large",
        llm_fast_model="loopback-small",
        llm_timeout_s=1.5,
        llm_max_retries=1,
        rate_limit_cover_letters_per_day=2,
    )
    async with running_app(settings) as app, make_client(app) as client:
        yield client


def letter(*paragraphs: str) -> dict[str, Any]:
    return {"paragraphs": list(paragraphs)}


TRUE_LETTER = letter(
    "I am applying for the Senior Backend Engineer role at Acme Payments.",
    "At Analytical Engines Ltd I designed REST APIs in Python for the payments platform.",
    "I would welcome the chance to talk.",
)


async def ranked_applicant(client: httpx.AsyncClient, model: LlmServer) -> Applicant:
    """An applicant whose job is ranked already: letters then make one model call each."""
    who = await applicant(client)
    model.default = reply({"rationale": "Python and PostgreSQL match."})
    response = await client.post(
        f"{API}/rankings/create", json={"job_id": who.job["id"]}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    model.requests.clear()
    return who


async def history_total(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(f"{API}/generations/history", headers=headers)).json()["total"]
    return total


async def test_a_letter_from_the_model_is_kept_with_its_metadata(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.script(reply(TRUE_LETTER, prompt_tokens=120, completion_tokens=80))
    response = await generate(remote, who, "cover-letter")
    assert response.status_code == 201, response.text
    generation = response.json()
    assert generation["content_structured"]["sections"][0]["paragraphs"] == TRUE_LETTER["paragraphs"]
    metadata = generation["llm_metadata"]
    assert (metadata["provider"], metadata["model"]) == ("openai_compatible", "loopback-large")
    assert metadata["total_tokens"] == 200
    assert metadata["truthfulness_guard"]["removed"] == []
    assert metadata["processing_time_seconds"] >= 0
    [letter_request] = model.requests
    assert letter_request.body["model"] == "loopback-large"
    assert letter_request.body["response_format"] == {"type": "json_object"}


async def test_invented_employers_skills_and_numbers_are_removed(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.script(
        reply(
            letter(
                "I am applying for the Senior Backend Engineer role at Acme Payments.",
                "I led the platform team at Google for six years. I grew revenue by 300% in one quarter.",
                "I also run Terraform and Kafka clusters every day. I designed REST APIs in Python.",
            )
        )
    )
    response = await generate(remote, who, "cover-letter")
    assert response.status_code == 201, response.text
    generation = response.json()
    text = generation["content_text"]
    for invented in ("Google", "300%", "Terraform", "Kafka"):
        assert invented not in text
    assert "I designed REST APIs in Python." in text
    removed = generation["llm_metadata"]["truthfulness_guard"]["removed"]
    assert {"Google", "Terraform"} <= {item["value"] for item in removed}
    assert {item["kind"] for item in removed} >= {"employer", "skill", "number"}


async def test_a_provider_down_is_503_with_retry_after_and_nothing_is_stored(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await ranked_applicant(remote, model)
    model.default = failure(500)
    response = await generate(remote, who, "cover-letter")
    expect_error(response, 503, "llm_unavailable")
    assert int(response.headers["Retry-After"]) >= 1
    assert await history_total(remote, who.headers) == 0
    # Nothing was counted: the day's two letters are both still there.
    model.default = reply(TRUE_LETTER)
    assert (await generate(remote, who, "cover-letter")).status_code == 201
    assert (await generate(remote, who, "cover-letter")).status_code == 201


async def test_a_model_that_hangs_is_504(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.default = reply(TRUE_LETTER, delay_s=5)
    expect_error(await generate(remote, who, "cover-letter"), 504, "llm_timeout")
    assert await history_total(remote, who.headers) == 0


async def test_an_answer_that_is_not_the_json_asked_for_falls_back_to_the_local_composer(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await ranked_applicant(remote, model)
    model.default = reply("Sure! Here is a lovely letter, no JSON though.")
    response = await generate(remote, who, "cover-letter")
    assert response.status_code == 201, response.text
    generation = response.json()
    metadata = generation["llm_metadata"]
    assert metadata["fallback"] == "local-composer"
    assert metadata["repair_attempted"] is True
    assert "Acme Payments" in generation["content_text"]


async def test_a_broken_body_from_the_provider_is_503(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.default = raw(b"{not json")
    expect_error(await generate(remote, who, "cover-letter"), 503, "llm_unavailable")


async def test_the_ranking_survives_a_provider_failure_with_the_templated_rationale(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await applicant(remote)
    model.default = failure(503)
    response = await remote.post(
        f"{API}/rankings/create", json={"job_id": who.job["id"]}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    ranking = response.json()
    assert ranking["ranking_rationale"]
    assert ranking["llm_metadata"]["fallback_reason"] == "llm_unavailable"


async def test_the_daily_letter_quota_is_429_with_retry_after(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.default = reply(TRUE_LETTER)
    for _ in range(2):
        assert (await generate(remote, who, "cover-letter")).status_code == 201
    response = await generate(remote, who, "cover-letter")
    expect_error(response, 429, "quota_exceeded")
    assert 1 <= int(response.headers["Retry-After"]) <= 86400
    # Resumes are not counted against it.
    assert (await generate(remote, who)).status_code == 201


async def test_a_queued_letter_whose_provider_fails_is_marked_failed_and_not_counted(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await ranked_applicant(remote, model)
    model.default = failure(500)
    response = await generate(remote, who, "cover-letter", mode="async")
    assert response.status_code == 202, response.text
    done = await wait_until_finished(remote, response.headers["Location"], who.headers)
    assert (done["status"], done["error_code"]) == ("failed", "llm_unavailable")
    assert done["content_text"] is None
    model.default = reply(TRUE_LETTER)
    for _ in range(2):
        assert (await generate(remote, who, "cover-letter")).status_code == 201


async def test_a_remote_model_refines_the_writing_style_of_an_upload(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await applicant(remote)
    model.default = reply(
        {"tone": "formal", "formality": 0.8, "style_summary": "Measured and precise.", "traits": ["concise"]}
    )
    token = who.headers["Authorization"].removeprefix("Bearer ")
    response = await upload(remote, token)
    assert response.status_code == 201, response.text
    style = response.json()["writing_style"]
    assert style["extraction_method"] == "stylometry+llm"
    assert style["model"] == "loopback-small"
    assert style["style_summary"] == "Measured and precise."
    assert style["tone"] == "formal"


async def test_a_failed_refinement_keeps_the_measured_style(remote: httpx.AsyncClient, model: LlmServer):
    who = await applicant(remote)
    model.default = failure(503)
    token = who.headers["Authorization"].removeprefix("Bearer ")
    response = await upload(remote, token)
    assert response.status_code == 201, response.text
    style = response.json()["writing_style"]
    assert (style["extraction_method"], style["model"]) == ("stylometry", None)


async def test_groq_is_reached_under_its_own_wire_path(database_url: str, model: LlmServer):
    settings = make_settings(
        database_url, llm_provider="groq", llm_base_url=model.groq_base_url, llm_api_key="gsk-loopback"
    )
    async with running_app(settings) as app, make_client(app) as client:
        who = await ranked_applicant(client, model)
        model.default = reply(TRUE_LETTER)
        response = await generate(client, who, "cover-letter")
    assert response.status_code == 201, response.text
    assert response.json()["llm_metadata"]["model"] == "llama-3.3-70b-versatile"
    [request] = model.requests
    assert request.path == "/openai/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer gsk-loopback"


async def test_no_transaction_is_held_while_the_model_writes(remote: httpx.AsyncClient, model: LlmServer):
    who = await ranked_applicant(remote, model)
    model.default = reply(TRUE_LETTER, delay_s=0.8)
    letter_request = asyncio.create_task(generate(remote, who, "cover-letter"))
    for _ in range(200):  # until the model has been called
        if model.requests:
            break
        await asyncio.sleep(0.01)
    started = time.perf_counter()
    # The same user's writes go through while the letter waits for the model.
    response = await remote.post(
        f"{API}/jobs", json={"title": "Analyst", "company": "Initech"}, headers=who.headers
    )
    assert response.status_code == 201, response.text
    assert time.perf_counter() - started < 0.5
    assert not letter_request.done()
    assert (await letter_request).status_code == 201


async def test_an_enhancement_that_invents_facts_loses_those_sentences(
    remote: httpx.AsyncClient, model: LlmServer
):
    who = await applicant(remote)
    token = who.headers["Authorization"].removeprefix("Bearer ")
    model.default = failure(503)  # the sample's style refinement fails: stylometry alone
    assert (await upload(remote, token, document_type="resume", filename="cv.txt")).status_code == 201
    lead, chef, developer = (item["id"] for item in who.profile["experiences"])
    payments, gallery = (item["id"] for item in who.profile["projects"])
    model.default = reply(
        {
            "professional_summary": "Engineer who builds working machines. Led 40 engineers at Google.",
            "experiences": [
                {"id": lead, "enhanced_description": "Designed Python REST APIs for payments."},
                {"id": chef, "enhanced_description": "Baked croissants. Holds a PhD in pastry science."},
                {"id": developer, "enhanced_description": "Built internal Python tools."},
            ],
            "projects": [
                {"id": payments, "enhanced_description": "Simulates payment flows in Python."},
                {"id": gallery, "enhanced_description": "Won the Turner Prize with 300% more visitors."},
            ],
        }
    )
    response = await remote.post(
        f"{API}/profile/enhance", json={"profile_id": who.profile["id"]}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["enhanced_sections"]["professional_summary"] == "Engineer who builds working machines."
    assert result["enhanced_sections"]["experiences_enhanced"] == 3
    assert result["enhanced_sections"]["projects_enhanced"] == 1  # nothing true was left of the other
    removed = {item["value"] for item in result["llm_metadata"]["truthfulness_guard"]["removed"]}
    assert {"Google", "300%"} <= removed
    profile = (await remote.get(f"{API}/profiles/{who.profile['id']}", headers=who.headers)).json()
    chef_item = next(item for item in profile["experiences"] if item["id"] == chef)
    assert chef_item["enhanced_description"] == "Baked croissants."
