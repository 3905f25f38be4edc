"""Port: one dependency the service needs before it can take traffic."""

from __future__ import annotations

from typing import Literal, Protocol

ReadinessStatus = Literal["ok", "error", "not_configured"]


class ReadinessProbe(Protocol):
    @property
    def name(self) -> str:
        """The name `GET /ready` reports the check under."""
        ...

    async def status(self) -> ReadinessStatus:
        """ok, error (the dependency is configured and not reachable) or not_configured."""
        ...
