"""Port for work that goes on after the request that asked for it has been answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol


class TaskRunner(Protocol):
    def submit(self, work: Callable[[], Awaitable[None]], *, name: str) -> None:
        """Run `work` in the background; it records its own outcome (failures included)."""
