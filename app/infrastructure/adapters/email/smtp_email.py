"""SMTP email adapter (stdlib smtplib, run in a worker thread)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage as MimeMessage

import anyio.to_thread

from app.domain.interfaces.email import EmailMessage


class SmtpEmailSender:
    """Sends through an SMTP server, upgraded with a verified STARTTLS unless `starttls` is False."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        timeout_s: float = 10.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._timeout_s = timeout_s
        # STARTTLS checks the server's certificate and name against the system's CAs, so the password
        # and the reset links cannot be read by whoever sits between us and the mail server.
        self._tls_context = tls_context or ssl.create_default_context()

    async def send(self, message: EmailMessage) -> None:
        await anyio.to_thread.run_sync(self._send_sync, message)

    def _send_sync(self, message: EmailMessage) -> None:
        mime = MimeMessage()
        mime["From"] = self._sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime.set_content(message.body)
        with smtplib.SMTP(self._host, self._port, timeout=self._timeout_s) as client:
            if self._starttls:
                client.starttls(context=self._tls_context)
            if self._username and self._password:
                client.login(self._username, self._password)
            client.send_message(mime)
