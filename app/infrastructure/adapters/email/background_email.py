"""Sends email after the answer: `send` hands the message to a task and returns at once.

Waiting for a mail server inside forgot-password would answer an existing account seconds later than
an unknown one (and keep the client waiting on a slow server). Delivery failures are logged here,
since nobody is left to raise them to.
"""

from __future__ import annotations

import asyncio
import logging

from app.domain.interfaces.email import EmailMessage, EmailSender

logger = logging.getLogger("jobwise.email")


class BackgroundEmailSender:
    """Wraps a slow sender (SMTP): a bounded number of deliveries at once, a bounded number waiting."""

    def __init__(
        self,
        inner: EmailSender,
        *,
        shutdown_timeout_s: float = 10.0,
        max_concurrent: int = 4,
        max_pending: int = 1000,
    ) -> None:
        self._inner = inner
        self._shutdown_timeout_s = shutdown_timeout_s
        self._slots = asyncio.Semaphore(max_concurrent)
        self._max_pending = max_pending
        self._pending: set[asyncio.Task[None]] = set()

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def send(self, message: EmailMessage) -> None:
        if len(self._pending) >= self._max_pending:
            logger.error(
                "email dropped: too many deliveries pending", extra={"email_subject": message.subject}
            )
            return
        task = asyncio.get_running_loop().create_task(self._deliver(message))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def aclose(self) -> None:
        """At shutdown: let pending deliveries finish within the timeout; later ones are abandoned."""
        if not self._pending:
            return
        _, unfinished = await asyncio.wait(set(self._pending), timeout=self._shutdown_timeout_s)
        if unfinished:
            logger.warning("emails abandoned at shutdown", extra={"email_count": len(unfinished)})

    async def _deliver(self, message: EmailMessage) -> None:
        async with self._slots:
            try:
                await self._inner.send(message)
            except Exception:  # any failure: the request that asked has been answered already
                # The subject only: the body carries the reset link.
                logger.exception("email could not be sent", extra={"email_subject": message.subject})
