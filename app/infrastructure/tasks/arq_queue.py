"""The job queue on Redis (arq): the API's TaskRunner enqueues, `python -m app.worker` runs.

A task is enqueued as an arq job named by its kind, with the row's id and owner as arguments and the
row's id as job id (arq refuses a second job with an id still queued). Jobs are JSON, not arq's default
pickle: whoever can write to Redis must not be able to run code in a worker.

How arq 0.28 runs a job, and what we set:
- a worker marks a job it starts with an in-progress key that expires after the function's timeout
  plus 10 s; the job leaves the queue only when it ends. A worker killed mid-job leaves the job queued,
  and once the key has expired another (or the restarted) worker runs it again, with its try count up;
- a job whose try count exceeds arq's max_tries is dropped without calling us, so arq's is ours + 1:
  that extra call records the row failed (`GiveUp.TRIES_SPENT`) instead of leaving it unfinished;
- our time limit (WORKER_JOB_TIMEOUT_S) is an `asyncio.timeout` around the work, inside arq's, which is
  RECORD_GRACE_S longer so the failure can be written before arq cancels;
- failures that may pass (model unavailable or slow, database unreachable) are retried with doubling
  delays (arq's `Retry`) until the last try, which records them on the row;
- on SIGTERM the worker takes no new job and waits for the running ones up to their time limit
  (arq's job_completion_wait); a job cancelled anyway is re-queued by arq and run again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast

from arq.connections import ArqRedis
from arq.constants import job_key_prefix
from arq.typing import StartupShutdown
from arq.worker import Function, Retry, Worker, func
from redis.asyncio import ConnectionPool
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from app.core.metrics import count_job, set_queue_depth
from app.domain.errors import (
    LlmTimeoutError,
    LlmUnavailableError,
    QueueUnavailableError,
    ServiceUnavailableError,
    StorageUnavailableError,
)
from app.domain.interfaces.task_runner import GiveUp, QueuedTask, TaskHandler, TaskKind

logger = logging.getLogger(__name__)

# A Redis that does not answer fails the request in seconds (503 queue_unavailable), not never.
CONNECT_TIMEOUT_S = 2.0
COMMAND_TIMEOUT_S = 5.0
# Time after our limit for the failure to be written before arq cancels the job itself.
RECORD_GRACE_S = 5.0
RETRY_DELAY_CAP_S = 300.0
WORKER_MAX_JOBS = 4  # jobs at a time per worker process (each mostly waits on the model)
POLL_DELAY_S = 0.5
HEALTH_CHECK_INTERVAL_S = 30
# Failures a later try may not meet: the model down or slow, the database or file store unreachable.
MAY_PASS: tuple[type[Exception], ...] = (
    LlmUnavailableError,
    LlmTimeoutError,
    StorageUnavailableError,
    ServiceUnavailableError,  # the unit of work's word for an unreachable database
    OperationalError,  # SQLite busy or locked past its timeout, among others
)

Handlers = Mapping[TaskKind, Callable[[], TaskHandler]]


def queue_name(key_prefix: str) -> str:
    """The queue's key (a sorted set of job ids); arq's worker health key hangs from it."""
    return f"{key_prefix}:queue"


def _dump(data: dict[str, Any]) -> bytes:
    return json.dumps(data, default=repr).encode()  # repr: a failed job's exception, in arq's result


def _load(raw: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw)
    data["a"] = tuple(data["a"])  # arq unpacks the arguments as a tuple
    return data


def connect(redis_url: str, *, key_prefix: str) -> ArqRedis:
    """A client of the queue (connections are opened on first use)."""
    pool = ConnectionPool.from_url(
        redis_url, socket_connect_timeout=CONNECT_TIMEOUT_S, socket_timeout=COMMAND_TIMEOUT_S
    )
    return ArqRedis(
        pool, job_serializer=_dump, job_deserializer=_load, default_queue_name=queue_name(key_prefix)
    )


def _may_pass(error: Exception) -> bool:
    return isinstance(error, MAY_PASS)


class ArqTaskRunner:
    """Enqueues tasks for `python -m app.worker`; nothing runs in this process."""

    def __init__(self, redis: ArqRedis) -> None:
        self._redis = redis

    async def submit(self, task: QueuedTask) -> None:
        queue = self._redis.default_queue_name
        try:
            await self._redis.enqueue_job(task.kind.value, task.id, task.user_id, _job_id=task.id)
            waiting = await self._redis.zcard(queue)
        except (RedisError, OSError) as error:
            logger.warning("the job queue refused %s %s: %s", task.kind, task.id, error)
            raise QueueUnavailableError from error
        set_queue_depth(queue, waiting)

    async def lost(self, task_ids: Collection[str]) -> set[str]:
        """The ids without a job in Redis: a job keeps its key while queued, retried or running."""
        ids = list(task_ids)
        async with self._redis.pipeline(transaction=False) as pipe:
            for task_id in ids:
                pipe.exists(job_key_prefix + task_id)
            found = await pipe.execute()
        return {task_id for task_id, exists in zip(ids, found, strict=True) if not exists}

    async def aclose(self) -> None:
        """Close the connections; queued work stays in Redis for the workers."""
        await self._redis.aclose(close_connection_pool=True)


@dataclass(frozen=True)
class JobPolicy:
    max_tries: int
    timeout_s: float
    retry_delay_s: float  # before the second try; doubled for each later one

    def retry_delay(self, job_try: int) -> float:
        return min(self.retry_delay_s * 2 ** (job_try - 1), RETRY_DELAY_CAP_S)


class QueuedJobs:
    """The worker's side: runs each job on the handler of its kind, within the policy's tries and time."""

    def __init__(self, handlers: Handlers, policy: JobPolicy) -> None:
        self._handlers = handlers
        self._policy = policy

    def functions(self) -> list[Function]:
        """One arq function per task kind, named by the kind (the name the runner enqueues)."""
        return [
            func(
                self._job(kind),
                name=kind.value,
                timeout=self._policy.timeout_s + RECORD_GRACE_S,
                max_tries=self._policy.max_tries + 1,
            )
            for kind in self._handlers
        ]

    def _job(self, kind: TaskKind) -> Callable[..., Any]:
        async def job(ctx: dict[Any, Any], task_id: str, user_id: int) -> None:
            await self.run(QueuedTask(kind, task_id, user_id), job_try=ctx["job_try"])

        return job

    async def run(self, task: QueuedTask, *, job_try: int) -> None:
        """One try of `task`: its outcome on the row, or Retry for a failure that may pass."""
        handler = self._handlers[task.kind]()
        if job_try > self._policy.max_tries:  # the earlier tries ended with their worker
            await handler.give_up(task, reason=GiveUp.TRIES_SPENT)
            count_job(task.kind, GiveUp.TRIES_SPENT)
            return
        last = job_try == self._policy.max_tries
        limit = asyncio.timeout(self._policy.timeout_s)
        try:
            async with limit:
                outcome = await handler.run_queued(
                    task, may_retry=lambda error: not last and _may_pass(error)
                )
        except Exception as error:
            if limit.expired():
                await handler.give_up(task, reason=GiveUp.TIMED_OUT)
                count_job(task.kind, GiveUp.TIMED_OUT)
                return
            if last or not _may_pass(error):
                count_job(task.kind, "error")
                raise  # arq logs it; a row left unfinished is failed by the next worker's recovery
            delay = self._policy.retry_delay(job_try)
            logger.warning(
                "%s %s: try %d failed (%s), retried in %.1f s", task.kind, task.id, job_try, error, delay
            )
            count_job(task.kind, "retried")
            raise Retry(defer=delay) from error
        count_job(task.kind, outcome)

    async def recover_lost(self, _ctx: dict[Any, Any]) -> None:
        """At start-up: fail the rows whose job no longer exists (see docs/scale-out.md, Job queue)."""
        for kind, handler in self._handlers.items():
            try:
                count = await handler().recover_lost()
            except Exception:  # the database may be down at start; the next start recovers
                logger.exception("queued %s rows could not be checked for lost jobs", kind)
                continue
            if count:
                logger.warning("%d queued %s rows had lost their job: marked failed", count, kind)
                count_job(kind, GiveUp.LOST, jobs=count)


def build_worker(jobs: QueuedJobs, *, redis: ArqRedis, policy: JobPolicy, burst: bool = False) -> Worker:
    """An arq worker on `redis`'s queue (call inside the running event loop)."""
    return Worker(
        jobs.functions(),
        queue_name=redis.default_queue_name,
        redis_pool=redis,
        job_serializer=_dump,
        job_deserializer=_load,
        on_startup=cast(StartupShutdown, jobs.recover_lost),  # arq's protocol wants a __qualname__
        burst=burst,
        handle_signals=not burst,
        # SIGTERM: no new job, the running ones get their whole time (then arq cancels and re-queues).
        job_completion_wait=int(policy.timeout_s + RECORD_GRACE_S) + 1,
        max_jobs=WORKER_MAX_JOBS,
        keep_result=0,  # outcomes live on the rows
        poll_delay=POLL_DELAY_S,
        health_check_interval=HEALTH_CHECK_INTERVAL_S,
    )
