"""The two TaskRunners and the worker's try policy, on a recording handler (no Redis, no database)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import pytest
from arq.worker import Retry
from prometheus_client import REGISTRY

from app.domain.errors import LlmUnavailableError, ServiceUnavailableError
from app.domain.interfaces.task_runner import GiveUp, JobOutcome, MayRetry, QueuedTask, TaskKind, never
from app.infrastructure.tasks.arq_queue import RETRY_DELAY_CAP_S, JobPolicy, QueuedJobs
from app.infrastructure.tasks.in_process import InProcessTaskRunner

POLICY = JobPolicy(max_tries=3, timeout_s=1.0, retry_delay_s=2.0)
TASK = QueuedTask(TaskKind.GENERATION, "6f1c9b2e-4a57-4c1e-9d8e-0b1a2c3d4e5f", 7)


@dataclass
class RecordingHandler:
    """Runs by raising `error` (if any) when `may_retry` lets it, else records it as the outcome."""

    error: Exception | None = None
    release: asyncio.Event = field(default_factory=asyncio.Event)
    wait: bool = False
    outcomes: list[str] = field(default_factory=list)

    async def run_queued(self, task: QueuedTask, *, may_retry: MayRetry = never) -> JobOutcome:
        if self.wait:
            await self.release.wait()
        if self.error is None:
            self.outcomes.append("completed")
            return JobOutcome.COMPLETED
        if may_retry(self.error):
            raise self.error
        self.outcomes.append(f"failed {type(self.error).__name__}")
        return JobOutcome.FAILED

    async def give_up(self, task: QueuedTask, *, reason: GiveUp) -> None:
        self.outcomes.append(f"given up {reason}")

    async def recover_lost(self) -> int:
        raise ServiceUnavailableError


def jobs_on(handler: RecordingHandler) -> QueuedJobs:
    return QueuedJobs({TaskKind.GENERATION: lambda: handler}, POLICY)


async def test_the_in_process_runner_holds_a_task_until_it_ends():
    handler = RecordingHandler(wait=True)
    runner = InProcessTaskRunner({TaskKind.GENERATION: lambda: handler}, max_running=1)
    await runner.submit(TASK)
    await asyncio.sleep(0)
    other = "0a1b2c3d-0000-4000-8000-000000000000"
    assert await runner.lost([TASK.id, other]) == {other}
    handler.release.set()
    await runner.join()
    assert handler.outcomes == ["completed"]
    assert await runner.lost([TASK.id]) == {TASK.id}


class Escaping(RecordingHandler):
    """A handler that cannot record its outcome (its database gone, say)."""

    async def run_queued(self, task: QueuedTask, *, may_retry: MayRetry = never) -> JobOutcome:
        raise self.error or RuntimeError


async def test_the_in_process_runner_logs_a_task_that_escapes_its_handler_and_goes_on(
    caplog: pytest.LogCaptureFixture,
):
    runner = InProcessTaskRunner(
        {TaskKind.GENERATION: lambda: Escaping(error=RuntimeError("gone"))}, max_running=1
    )
    with caplog.at_level(logging.ERROR):
        await runner.submit(TASK)
        await runner.join()
    assert f"background task generation {TASK.id} failed" in caplog.text
    assert await runner.lost([TASK.id]) == {TASK.id}


async def test_the_in_process_runner_cancels_what_is_left_when_it_closes():
    handler = RecordingHandler(wait=True)
    runner = InProcessTaskRunner({TaskKind.GENERATION: lambda: handler}, max_running=1)
    await runner.submit(TASK)
    await asyncio.sleep(0)
    await runner.aclose()
    assert handler.outcomes == []  # stopped before its end: the next start marks the row interrupted
    assert await runner.lost([TASK.id]) == {TASK.id}


async def test_a_failure_that_may_pass_is_retried_later_each_time_until_the_last_try():
    handler = RecordingHandler(error=LlmUnavailableError())
    delays = []
    for job_try in (1, 2):
        with pytest.raises(Retry) as retry:
            await jobs_on(handler).run(TASK, job_try=job_try)
        delays.append(retry.value.defer_score)
    assert delays == [2000, 4000]  # ms: the delay doubles
    await jobs_on(handler).run(TASK, job_try=3)
    assert handler.outcomes == ["failed LlmUnavailableError"]  # the last try records it


async def test_a_failure_that_will_not_pass_is_not_retried():
    handler = RecordingHandler(error=ValueError("a bug"))
    await jobs_on(handler).run(TASK, job_try=1)
    assert handler.outcomes == ["failed ValueError"]


async def test_a_failure_escaping_the_handler_is_left_to_arq_unless_it_may_pass():
    with pytest.raises(RuntimeError):  # arq logs it; the next worker start fails the row as lost
        await jobs_on(Escaping(error=RuntimeError("no table"))).run(TASK, job_try=1)
    with pytest.raises(Retry):  # e.g. the database down while the row is marked generating
        await jobs_on(Escaping(error=ServiceUnavailableError())).run(TASK, job_try=1)
    with pytest.raises(ServiceUnavailableError):
        await jobs_on(Escaping(error=ServiceUnavailableError())).run(TASK, job_try=POLICY.max_tries)


def test_retry_delays_double_up_to_a_cap():
    assert [POLICY.retry_delay(job_try) for job_try in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert POLICY.retry_delay(20) == RETRY_DELAY_CAP_S


async def test_a_start_up_recovery_that_cannot_reach_the_database_is_logged_not_fatal(
    caplog: pytest.LogCaptureFixture,
):
    with caplog.at_level(logging.ERROR):
        await jobs_on(RecordingHandler()).recover_lost({})
    assert "could not be checked for lost jobs" in caplog.text


def jobs_counted() -> dict[str, float]:
    """The jobs counter's values for generations, by outcome (as /metrics shows them)."""
    outcomes = ("completed", "failed", "skipped", "retried", "error", "timed_out", "tries_spent", "lost")
    labels = {outcome: {"kind": "generation", "outcome": outcome} for outcome in outcomes}
    return {o: REGISTRY.get_sample_value("jobwise_jobs_total", label) or 0.0 for o, label in labels.items()}


def counted_since(before: dict[str, float]) -> dict[str, float]:
    return {
        outcome: value - before[outcome]
        for outcome, value in jobs_counted().items()
        if value != before[outcome]
    }


async def test_the_in_process_runner_counts_each_outcome_and_shows_what_it_holds():
    before = jobs_counted()
    handler = RecordingHandler(wait=True)
    runner = InProcessTaskRunner({TaskKind.GENERATION: lambda: handler}, max_running=1)
    await runner.submit(TASK)
    assert REGISTRY.get_sample_value("jobwise_queue_depth", {"queue": "in_process"}) == 1
    handler.release.set()
    await runner.join()
    assert REGISTRY.get_sample_value("jobwise_queue_depth", {"queue": "in_process"}) == 0
    failing = InProcessTaskRunner(
        {TaskKind.GENERATION: lambda: Escaping(error=RuntimeError())}, max_running=1
    )
    await failing.submit(TASK)
    await failing.join()
    assert counted_since(before) == {"completed": 1, "error": 1}


async def test_the_worker_counts_retries_failures_and_give_ups():
    before = jobs_counted()
    flaky = RecordingHandler(error=LlmUnavailableError())
    with pytest.raises(Retry):
        await jobs_on(flaky).run(TASK, job_try=1)
    await jobs_on(flaky).run(TASK, job_try=POLICY.max_tries)  # the last try records the failure
    await jobs_on(RecordingHandler()).run(TASK, job_try=POLICY.max_tries + 1)  # killed on every try
    await jobs_on(RecordingHandler()).run(TASK, job_try=1)
    assert counted_since(before) == {"retried": 1, "failed": 1, "tries_spent": 1, "completed": 1}
