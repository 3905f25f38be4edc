"""Port for work that goes on after the request that asked for it has been answered.

Queued work is named, with plain arguments (a kind, the id of the row it fills in, its owner), so it can
wait in a queue outside the process and be run by another one. The row holds everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

# A queued row younger than this may not have reached the queue yet (stored first, then queued): the
# recovery of lost work leaves it alone.
ENQUEUE_GRACE = timedelta(seconds=60)


class TaskKind(StrEnum):
    """What a queued task makes; each kind has one handler (the service owning its rows)."""

    GENERATION = "generation"
    BATCH_EXPORT = "batch_export"


class GiveUp(StrEnum):
    """Why queued work was given up without an outcome of its own."""

    TIMED_OUT = "timed_out"  # it ran past the time a job may take
    TRIES_SPENT = "tries_spent"  # every try ended with its worker (killed or stopped mid-job)
    LOST = "lost"  # its job is no longer queued nor running anywhere


class JobOutcome(StrEnum):
    """How one run of queued work ended (counted in the metrics)."""

    COMPLETED = "completed"  # its row holds the result
    FAILED = "failed"  # its row holds the error
    SKIPPED = "skipped"  # its row was gone or already finished


@dataclass(frozen=True)
class QueuedTask:
    kind: TaskKind
    id: str  # the row the task fills in; also the job's id, so one row is never queued twice
    user_id: int


MayRetry = Callable[[Exception], bool]


def never(_error: Exception) -> bool:
    """No failure is retried: each is recorded on its row at once."""
    return False


class TaskHandler(Protocol):
    async def run_queued(self, task: QueuedTask, *, may_retry: MayRetry = never) -> JobOutcome:
        """Do the work from its row, recording the outcome; a failure `may_retry` accepts is raised."""

    async def give_up(self, task: QueuedTask, *, reason: GiveUp) -> None:
        """Record on its row, if still unfinished, that the work was given up."""

    async def recover_lost(self) -> int:
        """Give up the unfinished rows whose task the runner no longer holds; returns how many."""


class TaskRunner(Protocol):
    async def submit(self, task: QueuedTask) -> None:
        """Hand `task` over to be run; QueueUnavailableError when it cannot be taken."""

    async def lost(self, task_ids: Collection[str]) -> set[str]:
        """The ids among `task_ids` whose task is neither waiting nor running anywhere."""
