"""The default TaskRunner: asyncio tasks in this process, at most `max_running` at a time.

Work still queued or running when the server stops is cancelled; the rows it was writing stay pending
or generating, and the next start marks them failed (`interrupted`, see GenerationService).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping

from app.core.metrics import count_job, set_queue_depth
from app.domain.interfaces.task_runner import QueuedTask, TaskHandler, TaskKind

logger = logging.getLogger(__name__)
QUEUE = "in_process"  # the queue-depth gauge's label: tasks waiting or running in this process


class InProcessTaskRunner:
    def __init__(self, handlers: Mapping[TaskKind, Callable[[], TaskHandler]], *, max_running: int) -> None:
        self._handlers = handlers  # a handler per task, each on a unit of work of its own
        self._slots = asyncio.Semaphore(max_running)
        self._tasks: dict[str, asyncio.Task[None]] = {}

    async def submit(self, task: QueuedTask) -> None:
        name = f"{task.kind} {task.id}"
        running = asyncio.get_running_loop().create_task(self._run(task), name=name)
        self._tasks[task.id] = running  # a task only weakly referenced by the loop could be collected mid-run
        running.add_done_callback(lambda _: self._ended(task.id))
        set_queue_depth(QUEUE, len(self._tasks))

    def _ended(self, task_id: str) -> None:
        self._tasks.pop(task_id, None)
        set_queue_depth(QUEUE, len(self._tasks))

    async def _run(self, task: QueuedTask) -> None:
        async with self._slots:
            try:
                outcome = await self._handlers[task.kind]().run_queued(task)
            except Exception:
                logger.exception("background task %s %s failed", task.kind, task.id)
                count_job(task.kind, "error")
                return
            count_job(task.kind, outcome)

    async def lost(self, task_ids: Collection[str]) -> set[str]:
        """The ids not waiting or running in this process (nothing else runs its tasks)."""
        return {task_id for task_id in task_ids if task_id not in self._tasks}

    async def join(self) -> None:
        """Wait until every submitted task has ended (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def aclose(self) -> None:
        """Cancel what is left and wait for it to stop."""
        for task in self._tasks.values():
            task.cancel()
        await self.join()
