"""The background sender's bounds: what happens to mail past the queue limit and at shutdown.

Reset emails go out after the answer, so a flood of forgot-password requests or a mail server that
hangs must cost bounded memory and a bounded shutdown, and say so in the log."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from app.domain.interfaces.email import EmailMessage
from app.infrastructure.adapters.email.background_email import BackgroundEmailSender


class StuckServer:
    """A mail server that takes each message only when released."""

    def __init__(self) -> None:
        self.released = asyncio.Event()
        self.delivered: list[str] = []

    async def send(self, message: EmailMessage) -> None:
        await self.released.wait()
        self.delivered.append(message.subject)


def message(number: int) -> EmailMessage:
    return EmailMessage(to="ada@example.com", subject=f"Reset {number}", body="secret-reset-token")


async def test_mail_past_the_queue_limit_is_dropped_and_logged_without_its_body(
    caplog: pytest.LogCaptureFixture,
):
    server = StuckServer()
    sender = BackgroundEmailSender(server, max_concurrent=1, max_pending=2)
    for number in range(3):
        await sender.send(message(number))

    assert sender.pending == 2
    [dropped] = [r for r in caplog.records if r.name == "jobwise.email"]
    assert (dropped.levelno, dropped.getMessage()) == (
        logging.ERROR,
        "email dropped: too many deliveries pending",
    )
    assert dropped.email_subject == "Reset 2"  # type: ignore[attr-defined]
    assert "secret-reset-token" not in caplog.text

    server.released.set()
    await sender.aclose()
    assert server.delivered == ["Reset 0", "Reset 1"]
    assert sender.pending == 0


async def test_shutdown_waits_only_so_long_for_a_hanging_server_and_logs_what_it_abandons(
    caplog: pytest.LogCaptureFixture,
):
    server = StuckServer()
    sender = BackgroundEmailSender(server, shutdown_timeout_s=0.2)
    await sender.send(message(1))
    await sender.send(message(2))

    started = time.monotonic()
    await sender.aclose()

    assert time.monotonic() - started < 2
    [abandoned] = [r for r in caplog.records if r.getMessage() == "emails abandoned at shutdown"]
    assert (abandoned.levelno, abandoned.email_count) == (logging.WARNING, 2)  # type: ignore[attr-defined]
    server.released.set()  # let the abandoned deliveries end before the loop closes
    await sender.aclose()
    assert server.delivered == ["Reset 1", "Reset 2"]


async def test_shutdown_with_nothing_pending_returns_at_once():
    sender = BackgroundEmailSender(StuckServer(), shutdown_timeout_s=30)
    started = time.monotonic()
    await sender.aclose()
    assert time.monotonic() - started < 1
