"""Two API instances, one worker, PostgreSQL, Redis and S3 as real processes (issue 15): what a user does on
one instance holds on the other, and a job whose worker dies is finished or marked failed, never lost.

Instance A and B share nothing but the database, Redis and the bucket; each test is a client address of
its own (X-Forwarded-For from the trusted loopback proxy), so the per-address auth limit is its own.
"""

from __future__ import annotations

import io

import httpx
import redis
from pypdf import PdfReader

from tests.e2e.export_helpers import export, pdf_text, zip_members
from tests.e2e.generation_helpers import API, applicant, generate
from tests.e2e.jobs_helpers import expect_error
from tests.e2e.queue_helpers import wait_for_status
from tests.llm_server import LlmServer, reply
from tests.profile_builders import sign_up
from tests.stack.conftest import AUTH_LIMIT, JOB_TIMEOUT_S, LETTER
from tests.stack.processes import Stack

FINISHED = ("completed", "failed")


async def test_a_token_issued_by_a_is_accepted_by_b(on_a: httpx.AsyncClient, on_b: httpx.AsyncClient):
    headers = await sign_up(on_a, "grace@example.com")
    me = await on_b.get(f"{API}/auth/me", headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["email"] == "grace@example.com"
    job = await on_b.post(
        f"{API}/jobs", headers=headers, json={"title": "Compiler Engineer", "company": "Navy"}
    )
    assert job.status_code == 201, job.text
    listed = (await on_a.get(f"{API}/jobs", headers=headers)).json()
    assert [item["id"] for item in listed["jobs"]] == [job.json()["id"]]


async def test_the_auth_limit_counts_the_requests_to_both_instances(
    on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
):
    wrong = {"email": "nobody@example.com", "password": "not the password"}
    for number in range(AUTH_LIMIT):  # alternated: A, B, A, B, ...
        response = await (on_a, on_b)[number % 2].post(f"{API}/auth/login", json=wrong)
        expect_error(response, 401, "invalid_credentials")
    for client in (on_a, on_b):  # the limit is spent on both, wherever the requests went
        refused = await client.post(f"{API}/auth/login", json=wrong)
        expect_error(refused, 429, "rate_limited")
        assert int(refused.headers["Retry-After"]) >= 1


async def test_a_cover_letter_queued_on_a_is_read_completed_from_b(
    on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
):
    who = await applicant(on_a, "queued@example.com")
    queued = await generate(on_a, who, "cover-letter", mode="async")
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "pending"
    done = await wait_for_status(on_b, queued.headers["location"], who.headers, FINISHED, timeout_s=30)
    assert done["status"] == "completed", done
    assert LETTER["paragraphs"][1] in done["content_text"]


async def test_a_pdf_exported_on_b_downloads_through_the_link_of_a(
    stack: Stack, on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
):
    who = await applicant(on_b, "exported@example.com")
    resume = await generate(on_b, who)
    assert resume.status_code == 201, resume.text
    response = await export(on_b, who, resume.json(), template="classic")
    assert response.status_code == 201, response.text
    link = response.json()["download_url"]
    assert link.startswith(f"{stack.a.base_url}/api/v1/exports/files/"), link

    async with httpx.AsyncClient(trust_env=False, follow_redirects=True) as browser:  # no token
        download = await browser.get(link)
    assert download.status_code == 200, download.text
    assert [hop.status_code for hop in download.history] == [307]
    assert download.history[0].url.port == on_a.base_url.port  # A answered the link ...
    assert download.url.port == int(stack.env["S3_ENDPOINT_URL"].rsplit(":", 1)[1])  # ... S3 served it
    assert len(PdfReader(io.BytesIO(download.content)).pages) >= 1
    assert "analytical engines ltd" in pdf_text(download.content)


async def test_a_batch_queued_on_a_is_made_by_the_worker_and_downloaded_through_b(
    on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
):
    who = await applicant(on_a, "batched@example.com")
    resume = await generate(on_a, who)
    assert resume.status_code == 201, resume.text
    body = {"generation_ids": [resume.json()["generation_id"]], "format": "pdf"}
    queued = await on_a.post(f"{API}/exports/batch?mode=async", json=body, headers=who.headers)
    assert queued.status_code == 202, queued.text
    done = await wait_for_status(on_b, queued.headers["location"], who.headers, FINISHED, timeout_s=60)
    assert done["status"] == "completed", done
    link = await on_b.get(
        f"{queued.headers['location']}/download", headers={**who.headers, "Accept": "application/json"}
    )
    async with httpx.AsyncClient(trust_env=False) as browser:  # S3's presigned link, no token
        download = await browser.get(link.json()["download_url"])
    assert download.status_code == 200, download.text
    [document] = zip_members(download.content).values()
    assert "analytical engines ltd" in pdf_text(document)


async def test_a_logout_on_a_refuses_the_token_on_b(on_a: httpx.AsyncClient, on_b: httpx.AsyncClient):
    headers = await sign_up(on_a, "leaving@example.com")
    assert (await on_b.get(f"{API}/auth/me", headers=headers)).status_code == 200
    assert (await on_a.post(f"{API}/auth/logout", headers=headers)).status_code == 200
    expect_error(await on_b.get(f"{API}/auth/me", headers=headers), 401, "token_revoked")


def _jobs_in_progress(stack: Stack) -> list[bytes]:
    """arq's in-progress keys: a worker has taken these jobs and not finished them."""
    client = redis.Redis.from_url(stack.env["REDIS_URL"])
    try:
        return list(client.scan_iter(match="*in-progress*", count=1000))
    finally:
        client.close()


async def test_a_job_whose_worker_is_killed_is_finished_or_failed_never_left_generating(
    stack: Stack, model: LlmServer, on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
):
    who = await applicant(on_a, "interrupted@example.com")
    model.default = reply(LETTER, delay_s=60)  # the worker waits on the model when it is killed
    try:
        queued = await generate(on_a, who, "cover-letter", mode="async")
        assert queued.status_code == 202, queued.text
        location = queued.headers["location"]
        running = await wait_for_status(on_b, location, who.headers, ("generating", *FINISHED), timeout_s=20)
        assert running["status"] == "generating", running
        assert _jobs_in_progress(stack), "the job is not run by the queue's worker"
        stack.kill_worker()
    finally:
        model.default = reply(LETTER)
    stack.start_worker()
    # arq hands a dead worker's job out again once its in-progress mark expires (job timeout + 15 s).
    done = await wait_for_status(on_b, location, who.headers, FINISHED, timeout_s=JOB_TIMEOUT_S + 40)
    assert done["status"] in FINISHED, done
    if done["status"] == "completed":
        assert LETTER["paragraphs"][1] in done["content_text"]
    else:
        assert done["error_code"] in ("interrupted", "internal_error", "llm_timeout"), done
