"""`python -m app.worker` as a real process: killed mid-job (SIGKILL) and stopped mid-job (SIGTERM); and
refused without REDIS_URL. The API runs in the test process on the same database and Redis; the model
is a slow loopback server, so "mid-job" is a second and a half long.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.core.config import Settings
from app.infrastructure.tasks.arq_queue import RECORD_GRACE_S
from app.worker import main
from tests.e2e.generation_helpers import generate
from tests.e2e.queue_helpers import model_asked, queue_settings, wait_for_status
from tests.e2e.test_generation_providers import TRUE_LETTER, ranked_applicant
from tests.helpers import TEST_JWT_SECRET, make_client, running_app
from tests.llm_server import LlmServer, llm_server, reply

ROOT = Path(__file__).resolve().parents[2]
LETTER_DELAY_S = 1.5
# A killed worker's job is run again once arq's in-progress key expires: job time + grace + arq's 10 s.
JOB_TIMEOUT_S = 3.0
REQUEUE_AFTER_S = JOB_TIMEOUT_S + RECORD_GRACE_S + 10


@pytest.fixture
def model() -> Iterator[LlmServer]:
    with llm_server(reply(TRUE_LETTER, delay_s=LETTER_DELAY_S)) as server:
        yield server


@pytest.fixture
def settings(database_url: str, redis_url: str, model: LlmServer, tmp_path: Path) -> Settings:
    return queue_settings(
        database_url,
        redis_url,
        data_dir=tmp_path,
        llm_provider="openai_compatible",
        llm_base_url=model.openai_base_url,
        llm_model="loopback-large",
        llm_timeout_s=10.0,
        llm_max_retries=0,
        worker_job_timeout_s=JOB_TIMEOUT_S,
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(settings) as app, make_client(app) as test_client:
        yield test_client


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment of a worker on the test's settings (the caller's own kept: coverage's hooks)."""
    names = (
        "database_url",
        "redis_url",
        "redis_key_prefix",
        "data_dir",
        "llm_provider",
        "llm_base_url",
        "llm_model",
        "llm_timeout_s",
        "llm_max_retries",
        "worker_job_timeout_s",
        "worker_max_tries",
        "worker_retry_delay_s",
    )
    values = {name.upper(): str(getattr(settings, name)) for name in names}
    return {**os.environ, **values, "ENVIRONMENT": "test", "JWT_SECRET": TEST_JWT_SECRET}


@contextmanager
def worker_process(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A started `python -m app.worker`, killed at the end if it is still running."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.worker"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def queued_letter(client: httpx.AsyncClient, model: LlmServer) -> tuple[str, dict[str, str]]:
    who = await ranked_applicant(client, model)
    model.default = reply(TRUE_LETTER, delay_s=LETTER_DELAY_S)
    response = await generate(client, who, "cover-letter", mode="async")
    assert response.status_code == 202, response.text
    return response.headers["Location"], who.headers


async def test_a_job_whose_worker_is_killed_mid_job_is_finished_by_a_restarted_worker(
    client: httpx.AsyncClient, settings: Settings, model: LlmServer, tmp_path: Path
):
    location, headers = await queued_letter(client, model)
    env = worker_env(settings)
    with worker_process(env, tmp_path / "worker.log") as first:
        await model_asked(model)
        os.killpg(first.pid, signal.SIGKILL)  # mid-way through the model's answer
        first.wait()
    killed_at = time.monotonic()
    assert (await client.get(location, headers=headers)).json()["status"] == "generating"

    with worker_process(env, tmp_path / "worker.log") as second:
        done = await wait_for_status(
            client, location, headers, ("completed", "failed"), timeout_s=REQUEUE_AFTER_S + 30
        )
        assert second.poll() is None  # still serving the queue
    assert done["status"] == "completed", (tmp_path / "worker.log").read_text()[-3000:]
    assert done["content_structured"]["sections"][0]["type"] == "letter"
    assert time.monotonic() - killed_at <= REQUEUE_AFTER_S + 30
    assert len(model.requests) == 2  # the killed try's call and the restarted one's


async def test_sigterm_mid_job_lets_the_worker_finish_the_job_then_stop(
    client: httpx.AsyncClient, settings: Settings, model: LlmServer, tmp_path: Path
):
    location, headers = await queued_letter(client, model)
    log = tmp_path / "worker.log"
    with worker_process(worker_env(settings), log) as worker:
        await model_asked(model)
        worker.send_signal(signal.SIGTERM)
        started = time.monotonic()
        while worker.poll() is None:
            assert time.monotonic() - started < JOB_TIMEOUT_S + RECORD_GRACE_S + 10, "the worker did not stop"
            await asyncio.sleep(0.05)
    assert worker.returncode == 0, log.read_text()[-3000:]
    done = (await client.get(location, headers=headers)).json()
    assert done["status"] == "completed", log.read_text()[-3000:]


def test_the_worker_refuses_to_start_without_redis_url(monkeypatch: pytest.MonkeyPatch, database_url: str):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", "")
    with pytest.raises(SystemExit, match="needs REDIS_URL"):
        main()
