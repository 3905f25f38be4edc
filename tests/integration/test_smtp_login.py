"""SMTP_USERNAME and SMTP_PASSWORD: the adapter signs in after STARTTLS, against a real server on loopback."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.domain.interfaces.email import EmailMessage
from app.infrastructure.adapters.email.smtp_email import SmtpEmailSender
from tests.helpers import free_port

USERNAME, PASSWORD = "jobwise", "mail-password-1"


class Relay:
    """Takes mail only from a signed-in client, and remembers who signed in and what was sent."""

    def __init__(self) -> None:
        self.logins: list[tuple[str, bool]] = []
        self.subjects: list[str] = []

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        accepted = (data.login.decode(), data.password.decode()) == (USERNAME, PASSWORD)
        self.logins.append((data.login.decode(), session.ssl is not None))
        return AuthResult(success=accepted, handled=False)  # False: aiosmtpd answers 535

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.subjects.append(envelope.content.decode().split("Subject: ", 1)[1].splitlines()[0])
        return "250 OK"


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def relay(authority: trustme.CA) -> Iterator[tuple[Relay, int]]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    handler = Relay()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_context,
        require_starttls=True,
        authenticator=handler.authenticate,
        auth_required=True,
    )
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def sender(authority: trustme.CA, port: int, password: str) -> SmtpEmailSender:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return SmtpEmailSender(
        host="127.0.0.1",
        port=port,
        sender="a@b.c",
        username=USERNAME,
        password=password,
        tls_context=context,
        timeout_s=5,
    )


async def test_with_credentials_the_message_is_sent_after_signing_in_over_tls(
    relay: tuple[Relay, int], authority: trustme.CA
):
    handler, port = relay
    await sender(authority, port, PASSWORD).send(
        EmailMessage(to="ada@example.com", subject="Reset", body="b")
    )
    assert handler.logins == [(USERNAME, True)]  # over the upgraded connection, never in clear text
    assert handler.subjects == ["Reset"]


async def test_a_wrong_password_is_an_authentication_error_and_nothing_is_sent(
    relay: tuple[Relay, int], authority: trustme.CA
):
    handler, port = relay
    with pytest.raises(smtplib.SMTPAuthenticationError):
        await sender(authority, port, "wrong").send(
            EmailMessage(to="ada@example.com", subject="Reset", body="b")
        )
    assert handler.subjects == []
