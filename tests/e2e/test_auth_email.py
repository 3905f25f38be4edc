"""Reset emails over SMTP (aiosmtpd on loopback): sent after the answer, failures logged; production
refuses the development outbox."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from app.main import create_app
from tests.e2e.test_auth_passwords import forgot, reset, reset_token_in
from tests.helpers import free_port, make_client, make_settings, register, running_app
from tests.integration.test_smtp_email import Inbox

MAIL_SERVER_DELAY_S = 2.0


class SlowInbox(Inbox):
    """Takes MAIL_SERVER_DELAY_S to accept each message, like a distant or overloaded server."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(MAIL_SERVER_DELAY_S)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def smtp_server(inbox: Inbox) -> Iterator[Controller]:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


async def eventually(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def timed_forgot(client: httpx.AsyncClient, email: str) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = await forgot(client, email)
    return response, time.perf_counter() - started


async def test_with_smtp_configured_the_reset_email_goes_to_the_smtp_server(database_url: str):
    inbox = Inbox()
    with smtp_server(inbox) as controller:
        settings = make_settings(
            database_url, smtp_host="127.0.0.1", smtp_port=controller.port, smtp_starttls=False
        )
        async with running_app(settings) as app, make_client(app) as client:
            await register(client)
            await forgot(client, "ada@example.com")
            await eventually(lambda: len(inbox.messages) == 1)
            [(recipients, mime)] = inbox.messages
            assert recipients == ["ada@example.com"]
            assert (await reset(client, reset_token_in(mime.get_payload()))).status_code == 200


async def test_the_answer_does_not_wait_for_a_slow_mail_server(database_url: str):
    inbox = SlowInbox()
    with smtp_server(inbox) as controller:
        settings = make_settings(
            database_url, smtp_host="127.0.0.1", smtp_port=controller.port, smtp_starttls=False
        )
        async with running_app(settings) as app, make_client(app) as client:
            await register(client)
            known, known_s = await timed_forgot(client, "ada@example.com")
            assert inbox.messages == []  # answered before the mail server accepted the message
            unknown, unknown_s = await timed_forgot(client, "nobody@example.com")
            assert known.status_code == unknown.status_code == 200
            assert known.json() == unknown.json()
            assert known_s < MAIL_SERVER_DELAY_S / 2
            assert abs(known_s - unknown_s) < MAIL_SERVER_DELAY_S / 4

            await eventually(lambda: len(inbox.messages) == 1)  # and it is still delivered
            [(recipients, mime)] = inbox.messages
            assert recipients == ["ada@example.com"]
            assert (await reset(client, reset_token_in(mime.get_payload()))).status_code == 200


async def test_shutdown_waits_for_an_email_being_sent(database_url: str):
    inbox = SlowInbox()
    with smtp_server(inbox) as controller:
        settings = make_settings(
            database_url, smtp_host="127.0.0.1", smtp_port=controller.port, smtp_starttls=False
        )
        async with running_app(settings) as app, make_client(app) as client:
            await register(client)
            await forgot(client, "ada@example.com")
        assert len(inbox.messages) == 1


async def test_a_failing_mail_server_is_logged_not_raised(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    settings = make_settings(database_url, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)
    async with running_app(settings) as app, make_client(app) as client:
        await register(client)
        response = await forgot(client, "ada@example.com")
        assert response.status_code == 200
        await eventually(lambda: any(r.levelno == logging.ERROR for r in caplog.records))
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.name == "jobwise.email"
    assert record.getMessage() == "email could not be sent"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ConnectionRefusedError)


async def test_production_does_not_start_without_smtp(database_url: str):
    app = create_app(make_settings(database_url, environment="production"))
    with pytest.raises(RuntimeError, match="SMTP_HOST must be set when ENVIRONMENT=production"):
        async with app.router.lifespan_context(app):
            pass


async def test_production_starts_with_smtp(database_url: str):
    settings = make_settings(
        database_url, environment="production", smtp_host="127.0.0.1", smtp_port=free_port()
    )
    async with running_app(settings) as app, make_client(app) as client:
        assert (await client.get("/health")).status_code == 200
