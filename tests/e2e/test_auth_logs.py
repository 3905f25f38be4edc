"""No log line carries a password or a token: a whole auth flow is run with every record captured.

The one exception is the development outbox, which stands in for a mailbox: its line is marked
`dev_outbox` and is expected to carry the reset token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from app.core.logging import JsonFormatter
from tests.e2e.test_auth_email import eventually, smtp_server
from tests.e2e.test_auth_passwords import reset_token_in
from tests.helpers import bearer, make_client, make_settings, running_app
from tests.integration.test_smtp_email import Inbox

PASSWORDS = ("first-Passw0rd-xyz", "second-Passw0rd-xyz", "third-Passw0rd-xyz")
WRONG_PASSWORD = "wrong-Passw0rd-xyz"
AUTH = "/api/v1/auth"


@dataclass
class Secrets:
    values: set[str] = field(default_factory=lambda: {*PASSWORDS, WRONG_PASSWORD})
    reset_token: str = ""

    def keep_tokens(self, body: dict[str, Any]) -> dict[str, Any]:
        self.values |= {body["access_token"], body["refresh_token"]}
        return body


async def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def run_the_flow(client: httpx.AsyncClient, secrets: Secrets, read_reset_token: Any) -> None:
    """register, login (a wrong then the right password), refresh, forgot/reset, change, logout."""
    logging.getLogger("jobwise.test").debug("probe")
    first, second, third = PASSWORDS
    email = "ada@example.com"
    secrets.keep_tokens(
        await ok(
            await client.post(
                f"{AUTH}/register", json={"email": email, "password": first, "full_name": "Ada"}
            ),
            201,
        )
    )
    await ok(await client.post(f"{AUTH}/login", json={"email": email, "password": WRONG_PASSWORD}), 401)
    session = secrets.keep_tokens(
        await ok(await client.post(f"{AUTH}/login", json={"email": email, "password": first}))
    )
    session = secrets.keep_tokens(
        await ok(await client.post(f"{AUTH}/refresh", json={"refresh_token": session["refresh_token"]}))
    )
    await ok(await client.get(f"{AUTH}/me", headers=bearer(session["access_token"])))

    await ok(await client.post(f"{AUTH}/forgot-password", json={"email": email}))
    secrets.reset_token = await read_reset_token()
    secrets.values.add(secrets.reset_token)
    await ok(
        await client.post(
            f"{AUTH}/reset-password", json={"token": secrets.reset_token, "new_password": second}
        )
    )
    await ok(
        await client.post(
            f"{AUTH}/reset-password", json={"token": secrets.reset_token, "new_password": third}
        ),
        400,
    )

    session = secrets.keep_tokens(
        await ok(await client.post(f"{AUTH}/login", json={"email": email, "password": second}))
    )
    headers = bearer(session["access_token"])
    await ok(
        await client.post(
            f"{AUTH}/change-password",
            json={"current_password": WRONG_PASSWORD, "new_password": third},
            headers=headers,
        ),
        400,
    )
    await ok(
        await client.post(
            f"{AUTH}/change-password",
            json={"current_password": second, "new_password": third},
            headers=headers,
        )
    )
    session = secrets.keep_tokens(
        await ok(await client.post(f"{AUTH}/login", json={"email": email, "password": third}))
    )
    await ok(await client.post(f"{AUTH}/logout", headers=bearer(session["access_token"])))
    await ok(await client.get(f"{AUTH}/me", headers=bearer(session["access_token"])), 401)


def everything_in(record: logging.LogRecord) -> str:
    """The line as written (message, extra fields, traceback) and every attribute of the record."""
    return JsonFormatter().format(record) + repr(vars(record)) + (record.stack_info or "")


def leaks(records: list[logging.LogRecord], secrets: Secrets) -> list[tuple[str, str, str]]:
    found = []
    for record in records:
        text = everything_in(record)  # once per record, not once per secret
        found += [
            (record.name, record.getMessage(), secret[:12]) for secret in secrets.values if secret in text
        ]
    return found


async def test_the_development_outbox_is_the_only_line_with_the_reset_token_and_nothing_else_leaks(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    secrets = Secrets()
    settings = make_settings(database_url, log_level="DEBUG")

    async def from_the_outbox() -> str:
        [line] = [r for r in caplog.records if getattr(r, "dev_outbox", False)]
        return reset_token_in(line.email_body)  # type: ignore[attr-defined]

    async with running_app(settings) as app, make_client(app) as client:
        await run_the_flow(client, secrets, from_the_outbox)

    records = caplog.records
    assert "probe" in caplog.messages  # DEBUG records reach the capture
    [outbox] = [r for r in records if getattr(r, "dev_outbox", False)]
    assert outbox.name == "jobwise.email"
    assert "development outbox" in outbox.getMessage()
    assert secrets.reset_token in everything_in(outbox)
    assert leaks([r for r in records if r is not outbox], secrets) == []


async def test_with_smtp_no_log_line_carries_a_password_or_a_token(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    secrets = Secrets()
    inbox = Inbox()

    async def from_the_mailbox() -> str:
        await eventually(lambda: len(inbox.messages) == 1)
        return reset_token_in(inbox.messages[0][1].get_payload())

    with smtp_server(inbox) as controller:
        settings = make_settings(
            database_url,
            log_level="DEBUG",
            smtp_host="127.0.0.1",
            smtp_port=controller.port,
            smtp_starttls=False,
        )
        async with running_app(settings) as app, make_client(app) as client:
            await run_the_flow(client, secrets, from_the_mailbox)

    # The loopback SMTP server logs what it receives (`mail.log`): that is the mailbox, not our log.
    records = [r for r in caplog.records if not r.name.startswith("mail.")]
    assert "probe" in caplog.messages
    assert not any(getattr(r, "dev_outbox", False) for r in records)
    assert leaks(records, secrets) == []
