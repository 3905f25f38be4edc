"""Queued generations on Redis (REDIS_URL): the API enqueues, a worker (arq, run here in burst mode:
until the queue is empty) makes the document; retries, time limits, lost jobs, Redis down at enqueue.

The worker as a real process (SIGKILL, SIGTERM) is in tests/integration/test_worker_process.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from app.core.config import Settings
from app.domain.entities.generation import Generation
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode, GenerationStatus
from app.domain.time import utc_now
from app.infrastructure.tasks.arq_queue import queue_name
from app.main import create_app
from app.worker import run as run_worker
from tests.e2e.generation_helpers import API, applicant, generate
from tests.e2e.jobs_helpers import expect_error
from tests.e2e.queue_helpers import model_asked, queue_settings, wait_for_status
from tests.e2e.test_generation_providers import TRUE_LETTER, ranked_applicant
from tests.helpers import make_client, running_app, uow_of
from tests.llm_server import LlmServer, failure, llm_server, reply
from tests.redis_server import throwaway_redis

LETTER_MODEL = "loopback-large"


@pytest.fixture
def model() -> Iterator[LlmServer]:
    with llm_server(reply(TRUE_LETTER)) as server:
        yield server


def remote_settings(database_url: str, redis_url: str, model: LlmServer, **overrides: object) -> Settings:
    return queue_settings(
        database_url,
        redis_url,
        llm_provider="openai_compatible",
        llm_base_url=model.openai_base_url,
        llm_model=LETTER_MODEL,
        llm_fast_model="loopback-small",
        llm_timeout_s=2.0,
        llm_max_retries=0,
        **overrides,
    )


@pytest.fixture
async def app(database_url: str, redis_url: str) -> AsyncIterator[FastAPI]:
    async with running_app(queue_settings(database_url, redis_url)) as application:
        yield application


def letter_requests(model: LlmServer) -> int:
    return sum(1 for request in model.requests if request.body.get("model") == LETTER_MODEL)


async def history_total(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(f"{API}/generations/history", headers=headers)).json()["total"]
    return total


async def test_a_queued_generation_waits_in_redis_until_a_worker_makes_it(
    app: FastAPI, client: httpx.AsyncClient, redis_url: str
):
    settings = app.state.resources.settings
    who = await applicant(client)
    letter = await generate(client, who, "cover-letter", mode="async")
    resume = await generate(client, who, mode="async")
    assert (letter.status_code, resume.status_code) == (202, 202), letter.text
    redis = Redis.from_url(redis_url)
    try:
        queued = {
            member.decode() for member in await redis.zrange(queue_name(settings.redis_key_prefix), 0, -1)
        }
    finally:
        await redis.aclose()
    assert queued == {letter.json()["generation_id"], resume.json()["generation_id"]}
    depth = {"queue": queue_name(settings.redis_key_prefix)}
    assert REGISTRY.get_sample_value("jobwise_queue_depth", depth) == 2  # seen by the last submit
    await asyncio.sleep(0.3)  # nothing in the API runs it
    pending = (await client.get(letter.headers["Location"], headers=who.headers)).json()
    assert pending["status"] == "pending"

    await run_worker(settings, burst=True)

    done = (await client.get(letter.headers["Location"], headers=who.headers)).json()
    assert done["status"] == "completed", done
    assert done["content_structured"]["sections"][0]["type"] == "letter"
    made = (await client.get(resume.headers["Location"], headers=who.headers)).json()
    assert (made["status"], made["content_structured"]["metadata"]["document_type"]) == (
        "completed",
        "resume",
    )


async def test_a_job_whose_model_is_down_is_retried_then_failed_llm_unavailable_and_not_counted(
    database_url: str, redis_url: str, model: LlmServer
):
    settings = remote_settings(database_url, redis_url, model, rate_limit_cover_letters_per_day=1)
    async with running_app(settings) as app, make_client(app) as client:
        who = await ranked_applicant(client, model)
        model.default = failure(503)
        response = await generate(client, who, "cover-letter", mode="async")
        assert response.status_code == 202, response.text

        await run_worker(settings, burst=True)

        done = (await client.get(response.headers["Location"], headers=who.headers)).json()
        assert (done["status"], done["error_code"]) == ("failed", "llm_unavailable")
        assert done["content_text"] is None
        assert (
            letter_requests(model) == settings.worker_max_tries
        )  # one call per try (no retries in the client)
        model.default = reply(TRUE_LETTER)
        assert (
            await generate(client, who, "cover-letter")
        ).status_code == 201  # the failed one did not count


async def test_a_model_back_before_the_last_try_completes_the_job(
    database_url: str, redis_url: str, model: LlmServer
):
    settings = remote_settings(database_url, redis_url, model)
    async with running_app(settings) as app, make_client(app) as client:
        who = await ranked_applicant(client, model)
        model.default = reply(TRUE_LETTER)
        model.script(failure(503))  # the first try's call; the second gets the letter
        response = await generate(client, who, "cover-letter", mode="async")

        await run_worker(settings, burst=True)

        done = (await client.get(response.headers["Location"], headers=who.headers)).json()
        assert (done["status"], done["error_code"]) == ("completed", None)
        assert letter_requests(model) == 2


async def test_a_job_past_its_time_limit_is_failed_at_once(
    database_url: str, redis_url: str, model: LlmServer
):
    settings = remote_settings(database_url, redis_url, model, worker_job_timeout_s=0.5)
    async with running_app(settings) as app, make_client(app) as client:
        who = await ranked_applicant(client, model)
        model.default = reply(TRUE_LETTER, delay_s=1.5)  # within LLM_TIMEOUT_S, past the job's limit
        response = await generate(client, who, "cover-letter", mode="async")

        await run_worker(settings, burst=True)

        done = (await client.get(response.headers["Location"], headers=who.headers)).json()
        assert (done["status"], done["error_code"]) == ("failed", "internal_error")
        assert "longer than a queued job may take" in done["error_message"]
        assert letter_requests(model) == 1  # not retried


async def test_a_job_whose_tries_all_died_with_their_worker_is_failed_interrupted(
    app: FastAPI, client: httpx.AsyncClient, redis_url: str
):
    settings = app.state.resources.settings
    who = await applicant(client)
    response = await generate(client, who, "cover-letter", mode="async")
    deleted = (await generate(client, who, mode="async")).json()["generation_id"]
    assert (await client.delete(f"{API}/generations/{deleted}", headers=who.headers)).status_code == 204
    redis = Redis.from_url(redis_url)
    try:  # what arq's counter holds after every try was started and killed
        for generation_id in (response.json()["generation_id"], deleted):
            await redis.set(f"arq:retry:{generation_id}", settings.worker_max_tries)
    finally:
        await redis.aclose()

    await run_worker(settings, burst=True)

    done = (await client.get(response.headers["Location"], headers=who.headers)).json()
    assert (done["status"], done["error_code"]) == ("failed", "interrupted")
    assert "on every try" in done["error_message"]
    assert await history_total(client, who.headers) == 1


async def test_a_queued_generation_deleted_before_its_turn_is_skipped(
    app: FastAPI, client: httpx.AsyncClient
):
    who = await applicant(client)
    deleted = (await generate(client, who, "cover-letter", mode="async")).json()["generation_id"]
    kept = await generate(client, who, "cover-letter", mode="async")
    assert (await client.delete(f"{API}/generations/{deleted}", headers=who.headers)).status_code == 204

    await run_worker(app.state.resources.settings, burst=True)

    assert (await client.get(f"{API}/generations/{deleted}", headers=who.headers)).status_code == 404
    done = (await client.get(kept.headers["Location"], headers=who.headers)).json()
    assert done["status"] == "completed"
    assert await history_total(client, who.headers) == 1


async def test_a_worker_starting_fails_the_rows_whose_job_was_lost_and_leaves_the_others(
    app: FastAPI, client: httpx.AsyncClient, redis_url: str
):
    settings = app.state.resources.settings
    who = await applicant(client)
    lost = (await generate(client, who, mode="async")).json()
    kept = (await generate(client, who, "cover-letter", mode="async")).json()  # queued a while: a backlog
    redis = Redis.from_url(redis_url)
    try:  # the job vanished (a flushed or replaced Redis): the row alone remains
        await redis.delete(f"arq:job:{lost['generation_id']}")
        await redis.zrem(queue_name(settings.redis_key_prefix), lost["generation_id"])
    finally:
        await redis.aclose()
    young = Generation(
        user_id=lost["user_id"],
        job_id=who.job["id"],
        document_type=DocumentType.RESUME,
        mode=GenerationMode.ASYNC,
    )  # just stored: its job may be on its way to the queue
    async with uow_of(app) as uow:
        for old in (lost, kept):
            row = await uow.generations.get(old["generation_id"], user_id=old["user_id"])
            assert row is not None
            row.updated_at = utc_now() - timedelta(minutes=2)
        await uow.generations.add(young)
        await uow.commit()

    await run_worker(settings, burst=True)

    failed = (await client.get(f"{API}/generations/{lost['generation_id']}", headers=who.headers)).json()
    assert (failed["status"], failed["error_code"]) == ("failed", "interrupted")
    assert "lost" in failed["error_message"]
    done = (await client.get(f"{API}/generations/{kept['generation_id']}", headers=who.headers)).json()
    assert done["status"] == "completed"
    waiting = (await client.get(f"{API}/generations/{young.id}", headers=who.headers)).json()
    assert waiting["status"] == "pending"


async def test_an_api_instance_starting_leaves_the_queued_rows_to_the_worker(
    app: FastAPI, client: httpx.AsyncClient
):
    who = await applicant(client)
    queued = (await generate(client, who, "cover-letter", mode="async")).json()
    async with uow_of(app) as uow:
        running = Generation(
            user_id=queued["user_id"],
            job_id=who.job["id"],
            document_type=DocumentType.RESUME,
            mode=GenerationMode.ASYNC,
            status=GenerationStatus.GENERATING,
        )
        await uow.generations.add(running)
        await uow.commit()

    another = create_app(app.state.resources.settings)
    async with another.router.lifespan_context(another):
        pass

    for generation_id, status in ((queued["generation_id"], "pending"), (running.id, "generating")):
        body = (await client.get(f"{API}/generations/{generation_id}", headers=who.headers)).json()
        assert (body["status"], body["error_code"]) == (status, None)


async def test_redis_down_at_enqueue_is_503_queue_unavailable_with_nothing_kept(database_url: str):
    with throwaway_redis() as server:
        settings = queue_settings(database_url, server.url, rate_limit_cover_letters_per_day=1)
        async with running_app(settings) as app, make_client(app) as client:
            who = await applicant(client)
            server.stop()
            for kind in ("cover-letter", "resume"):
                expect_error(await generate(client, who, kind, mode="async"), 503, "queue_unavailable")
            assert await history_total(client, who.headers) == 0
            assert (await generate(client, who)).status_code == 201  # synchronous work needs no queue

            server.start()  # back: queued work is taken again, the letter's use was given back
            response = await generate(client, who, "cover-letter", mode="async")
            assert response.status_code == 202, response.text
            await run_worker(settings, burst=True)
            done = await wait_for_status(
                client, response.headers["Location"], who.headers, ("completed", "failed"), timeout_s=5
            )
            assert done["status"] == "completed"


async def test_a_worker_stopped_mid_job_leaves_the_job_queued_for_the_next_one(
    database_url: str, redis_url: str, model: LlmServer
):
    settings = remote_settings(database_url, redis_url, model)
    async with running_app(settings) as app, make_client(app) as client:
        who = await ranked_applicant(client, model)
        model.default = reply(TRUE_LETTER, delay_s=1.0)
        response = await generate(client, who, "cover-letter", mode="async")
        worker = asyncio.create_task(run_worker(settings, burst=True))
        await model_asked(model)  # the job is waiting on the model
        worker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await worker
        stopped = (await client.get(response.headers["Location"], headers=who.headers)).json()
        assert stopped["status"] == "generating"

        model.default = reply(TRUE_LETTER)
        await run_worker(settings, burst=True)

        done = (await client.get(response.headers["Location"], headers=who.headers)).json()
        assert done["status"] == "completed"
        assert len(model.requests) == 2
