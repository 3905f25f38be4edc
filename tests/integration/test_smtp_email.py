"""The SMTP adapter against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.domain.interfaces.email import EmailMessage
from app.infrastructure.adapters.email.smtp_email import SmtpEmailSender
from tests.helpers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


async def test_a_message_reaches_the_smtp_server(smtp_server: tuple[Controller, Inbox]):
    controller, inbox = smtp_server
    sender = SmtpEmailSender(host="127.0.0.1", port=controller.port, sender="JobWise <a@b.c>", starttls=False)
    await sender.send(EmailMessage(to="ada@example.com", subject="Hello", body="The body text"))
    [(recipients, mime)] = inbox.messages
    assert recipients == ["ada@example.com"]
    assert mime["Subject"] == "Hello"
    assert mime["From"] == "JobWise <a@b.c>"
    assert "The body text" in mime.get_payload()


async def test_an_unreachable_server_raises_connection_refused():
    sender = SmtpEmailSender(host="127.0.0.1", port=1, sender="a@b.c", starttls=False, timeout_s=2)
    with pytest.raises(ConnectionRefusedError):
        await sender.send(EmailMessage(to="ada@example.com", subject="s", body="b"))
