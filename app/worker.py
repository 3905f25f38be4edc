"""`python -m app.worker`: runs the queued jobs from Redis (arq) until SIGTERM or SIGINT.

The same settings as the API (environment and `.env`; REDIS_URL required) and the same composition
root: each job runs on the service that owns its row. How jobs are tried, timed and recovered:
`app/infrastructure/tasks/arq_queue.py` and docs/scale-out.md (Job queue).
"""

from __future__ import annotations

import asyncio
import warnings

from app.bootstrap import build_resources
from app.core.config import Settings
from app.core.logging import configure_logging
from app.infrastructure.tasks.arq_queue import JobPolicy, QueuedJobs, build_worker, connect


def job_policy(settings: Settings) -> JobPolicy:
    return JobPolicy(
        max_tries=settings.worker_max_tries,
        timeout_s=settings.worker_job_timeout_s,
        retry_delay_s=settings.worker_retry_delay_s,
    )


async def run(settings: Settings, *, burst: bool = False) -> None:
    """Run jobs until stopped (burst: until the queue is empty, for tests); every client closed after."""
    resources = build_resources(settings)
    try:
        policy = job_policy(settings)
        worker = build_worker(
            QueuedJobs(resources.task_handlers(), policy),
            redis=connect(settings.redis_url, key_prefix=settings.redis_key_prefix),
            policy=policy,
            burst=burst,
        )
        try:
            await worker.async_run()
        except asyncio.CancelledError:
            # arq's signal handler ends its poll loop by cancelling it; a cancel of this task goes on.
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
        finally:
            with warnings.catch_warnings():  # arq 0.28 closes its pool with redis-py's deprecated close()
                warnings.simplefilter("ignore", DeprecationWarning)
                await worker.close()
    finally:
        await resources.aclose()


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level)
    if not settings.redis_url:
        raise SystemExit("python -m app.worker needs REDIS_URL: without it queued work runs inside the API")
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
