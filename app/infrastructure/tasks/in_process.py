"""The default TaskRunner: asyncio tasks in this process, at most `max_running` at a time.

Work still queued or running when the server stops is cancelled; the rows it was writing stay pending
or generating, and the next start marks them failed (`interrupted`, see GenerationService).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class InProcessTaskRunner:
    def __init__(self, *, max_running: int) -> None:
        self._slots = asyncio.Semaphore(max_running)
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, work: Callable[[], Awaitable[None]], *, name: str) -> None:
        task = asyncio.get_running_loop().create_task(self._run(work, name), name=name)
        self._tasks.add(task)  # a task only weakly referenced by the loop could be collected mid-run
        task.add_done_callback(self._tasks.discard)

    async def _run(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        async with self._slots:
            try:
                await work()
            except Exception:
                logger.exception("background task %s failed", name)

    async def join(self) -> None:
        """Wait until every submitted task has ended (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def aclose(self) -> None:
        """Cancel what is left and wait for it to stop."""
        for task in self._tasks:
            task.cancel()
        await self.join()
