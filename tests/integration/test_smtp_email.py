"""The SMTP adapter against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
import trustme
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


@pytest.fixture
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_smtp_server(certificate_authority: trustme.CA) -> Iterator[tuple[Controller, Inbox]]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(server_context)
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), tls_context=server_context, require_starttls=True
    )
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


async def test_starttls_delivers_to_a_server_whose_certificate_is_trusted(
    tls_smtp_server: tuple[Controller, Inbox], certificate_authority: trustme.CA
):
    controller, inbox = tls_smtp_server
    client_context = ssl.create_default_context()
    certificate_authority.configure_trust(client_context)
    sender = SmtpEmailSender(
        host="127.0.0.1", port=controller.port, sender="a@b.c", tls_context=client_context, timeout_s=5
    )
    await sender.send(EmailMessage(to="ada@example.com", subject="Over TLS", body="b"))
    assert [mime["Subject"] for _, mime in inbox.messages] == ["Over TLS"]


async def test_starttls_refuses_a_server_certificate_it_cannot_verify(
    tls_smtp_server: tuple[Controller, Inbox],
):
    controller, inbox = tls_smtp_server
    sender = SmtpEmailSender(host="127.0.0.1", port=controller.port, sender="a@b.c", timeout_s=5)
    with pytest.raises((ssl.SSLCertVerificationError, smtplib.SMTPServerDisconnected)):
        await sender.send(EmailMessage(to="ada@example.com", subject="Intercepted", body="b"))
    assert inbox.messages == []
