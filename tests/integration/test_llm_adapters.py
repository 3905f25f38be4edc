"""The Groq and OpenAI-compatible adapters against a chat-completions server on loopback.

Every test runs for both adapters: the Groq SDK posts to `/openai/v1/chat/completions` under its base
URL, the openai SDK to `/v1/chat/completions`. Timeouts and waits are fractions of a second.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from app.domain.errors import LlmTimeoutError, LlmUnavailableError
from app.domain.interfaces.llm import ChatMessage, ChatRequest, LlmRole, LlmTask
from app.infrastructure.adapters.llm.groq_adapter import GroqLlmClient
from app.infrastructure.adapters.llm.openai_compatible_adapter import OpenAiCompatibleLlmClient
from app.infrastructure.adapters.llm.remote_chat import RemoteChatClient
from tests.llm_server import LlmServer, ScriptedAnswer, closed_port_url, failure, llm_server, raw, reply

API_KEY = "sk-loopback-0123456789"
PROMPT = "Write a cover letter for the Platform Engineer role."
Build = Callable[..., RemoteChatClient]


@pytest.fixture
def server() -> Iterator[LlmServer]:
    with llm_server() as running:
        yield running


def _groq(server_url: str, **options: Any) -> RemoteChatClient:
    return GroqLlmClient(base_url=server_url, **{"api_key": API_KEY, **options})


def _openai(server_url: str, **options: Any) -> RemoteChatClient:
    return OpenAiCompatibleLlmClient(base_url=server_url + "/v1", **{"api_key": API_KEY, **options})


@pytest.fixture(params=["groq", "openai_compatible"])
async def build(request: pytest.FixtureRequest) -> AsyncIterator[Build]:
    """Builds the adapter under test against a root URL; every client is closed afterwards."""
    made: list[RemoteChatClient] = []
    factory = _groq if request.param == "groq" else _openai

    def make(server_url: str, **overrides: Any) -> RemoteChatClient:
        options = {
            "model": "big-model",
            "fast_model": "small-model",
            "timeout_s": 2.0,
            "max_retries": 2,
            "backoff_base_s": 0.01,
            **overrides,
        }
        client = factory(server_url, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def chat(*, json_mode: bool = False, role: LlmRole = LlmRole.QUALITY) -> ChatRequest:
    messages = (ChatMessage("system", "You write cover letters."), ChatMessage("user", PROMPT))
    return ChatRequest(
        task=LlmTask.COVER_LETTER, messages=messages, json_mode=json_mode, role=role, max_tokens=300
    )


async def test_an_answer_carries_its_text_and_token_counts(server: LlmServer, build: Build):
    client = build(server.base_url)
    server.script(reply("Dear Hiring Manager,", prompt_tokens=120, completion_tokens=45))

    result = await client.complete(chat())

    assert result.content == "Dear Hiring Manager,"
    assert (result.prompt_tokens, result.completion_tokens, result.total_tokens) == (120, 45, 165)
    assert result.model == "big-model"
    sent = server.requests[0]
    assert sent.path == (
        "/openai/v1/chat/completions" if client.provider == "groq" else "/v1/chat/completions"
    )
    assert sent.body["model"] == "big-model"
    assert sent.body["messages"] == [
        {"role": "system", "content": "You write cover letters."},
        {"role": "user", "content": PROMPT},
    ]
    assert sent.body["max_tokens"] == 300
    assert sent.body["temperature"] == 0.4
    assert "response_format" not in sent.body


async def test_the_fast_role_goes_to_the_fast_model(server: LlmServer, build: Build):
    client = build(server.base_url)

    result = await client.complete(chat(role=LlmRole.FAST))

    assert client.model_for(LlmRole.FAST) == "small-model"
    assert client.model_for(LlmRole.QUALITY) == "big-model"
    assert result.model == "small-model"
    assert server.requests[0].body["model"] == "small-model"


async def test_json_mode_asks_for_a_json_object(server: LlmServer, build: Build):
    client = build(server.base_url)
    server.script(reply({"paragraphs": ["One.", "Two."]}))

    result = await client.complete(chat(json_mode=True))

    assert server.requests[0].body["response_format"] == {"type": "json_object"}
    assert json.loads(result.content) == {"paragraphs": ["One.", "Two."]}


async def test_the_api_key_is_sent_as_a_bearer_token(server: LlmServer, build: Build):
    await build(server.base_url).complete(chat())

    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


async def test_an_openai_compatible_server_without_a_key_gets_no_authorization(
    server: LlmServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-openai-key")  # must not leak to another server
    client = _openai(server.base_url, api_key=None, model="m", fast_model="m", timeout_s=2, max_retries=0)
    try:
        result = await client.complete(chat())
    finally:
        await client.aclose()

    assert result.content == "Loopback answer."
    assert "authorization" not in server.requests[0].headers


async def test_an_answer_without_usage_counts_no_tokens(server: LlmServer, build: Build):
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi."}}]}
    server.script(raw(json.dumps(body).encode()))

    result = await build(server.base_url).complete(chat())

    assert (result.content, result.total_tokens) == ("Hi.", 0)


async def test_a_429_waits_the_retry_after_then_succeeds(server: LlmServer, build: Build):
    server.script(failure(429, retry_after="0.3"), reply("Second time lucky."))

    result = await build(server.base_url).complete(chat())

    assert result.content == "Second time lucky."
    assert len(server.requests) == 2
    assert server.requests[1].received_at - server.requests[0].received_at >= 0.3


async def test_a_retry_after_beyond_the_timeout_fails_at_once(server: LlmServer, build: Build):
    server.script(failure(429, retry_after="120"))
    started = time.monotonic()

    with pytest.raises(LlmUnavailableError) as raised:
        await build(server.base_url, timeout_s=2.0).complete(chat())

    assert time.monotonic() - started < 1.0
    assert len(server.requests) == 1
    assert raised.value.retry_after_s == 120


async def test_a_persistent_500_ends_unavailable_with_the_providers_retry_after(
    server: LlmServer, build: Build
):
    server.default = failure(500, retry_after="0.05")

    with pytest.raises(LlmUnavailableError) as raised:
        await build(server.base_url).complete(chat())

    assert len(server.requests) == 3
    assert raised.value.retry_after_s == 1  # the provider's 0.05 s, in whole seconds


@pytest.mark.parametrize("max_retries", [0, 1, 3])
async def test_retries_are_bounded_by_max_retries(server: LlmServer, build: Build, max_retries: int):
    server.default = failure(503)

    with pytest.raises(LlmUnavailableError) as raised:
        await build(server.base_url, max_retries=max_retries).complete(chat())

    assert len(server.requests) == max_retries + 1
    assert raised.value.retry_after_s == 30  # no Retry-After from the provider: the default


async def test_a_backoff_that_would_pass_the_deadline_is_not_taken(server: LlmServer, build: Build):
    server.default = failure(502)

    # Sleeping the backoff (at least 2.5 s) would have ended in LlmTimeoutError at 0.5 s.
    with pytest.raises(LlmUnavailableError):
        await build(server.base_url, timeout_s=0.5, backoff_base_s=5.0).complete(chat())

    assert len(server.requests) == 1


async def test_a_refused_connection_is_unavailable(build: Build):
    started = time.monotonic()

    with pytest.raises(LlmUnavailableError) as raised:
        await build(closed_port_url()).complete(chat())

    assert raised.value.retry_after_s == 30
    assert time.monotonic() - started < 1.5


async def test_a_hang_past_the_timeout_is_a_timeout(server: LlmServer, build: Build):
    server.script(ScriptedAnswer(delay_s=5.0))
    started = time.monotonic()

    with pytest.raises(LlmTimeoutError):
        await build(server.base_url, timeout_s=0.3).complete(chat())

    assert 0.29 <= time.monotonic() - started < 1.5  # the answer would have come after 5 s


async def test_the_deadline_covers_the_retries_too(server: LlmServer, build: Build):
    # Each answer comes in time on its own; the six allowed together do not.
    server.default = failure(500, retry_after="0", delay_s=0.3)
    started = time.monotonic()

    with pytest.raises(LlmTimeoutError):
        await build(server.base_url, timeout_s=1.0, max_retries=5).complete(chat())

    assert time.monotonic() - started < 2.0
    assert 2 <= len(server.requests) <= 4


@pytest.mark.parametrize(
    "answer",
    [
        raw(b"this is not json"),
        raw(b'{"id": "chatcmpl-1", "object": "chat.completion"}'),
        raw(b'{"choices": []}'),
        raw(b'{"choices": "none"}'),
        raw(b'{"choices": [{"index": 0, "message": {"role": "assistant", "content": null}}]}'),
        raw(b"<html>Bad gateway</html>", content_type="text/html"),
    ],
    ids=["not-json", "no-choices", "empty-choices", "choices-not-a-list", "null-content", "html"],
)
async def test_a_malformed_answer_is_unavailable_without_retrying(
    server: LlmServer, build: Build, answer: ScriptedAnswer, caplog: pytest.LogCaptureFixture
):
    server.script(answer)

    with (
        caplog.at_level(logging.WARNING, logger="app.infrastructure.adapters.llm"),
        pytest.raises(LlmUnavailableError),
    ):
        await build(server.base_url).complete(chat())

    assert len(server.requests) == 1
    assert "not a chat completion" in caplog.text


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_a_refused_request_is_unavailable_at_once_and_logged_without_secrets(
    server: LlmServer, build: Build, status: int, caplog: pytest.LogCaptureFixture
):
    error = {"error": {"message": f"Invalid API Key: {API_KEY}", "type": "invalid_request_error"}}
    server.script(ScriptedAnswer(status=status, body=json.dumps(error).encode()))

    with (
        caplog.at_level(logging.WARNING, logger="app.infrastructure.adapters.llm"),
        pytest.raises(LlmUnavailableError),
    ):
        await build(server.base_url).complete(chat())

    assert len(server.requests) == 1
    [record] = [r for r in caplog.records if r.getMessage() == "llm provider refused the request"]
    assert record.__dict__["status"] == status
    assert record.__dict__["provider_message"] == "Invalid API Key: ***"
    assert API_KEY not in caplog.text
    assert PROMPT not in caplog.text


async def test_retries_are_logged_with_their_reason(
    server: LlmServer, build: Build, caplog: pytest.LogCaptureFixture
):
    server.script(failure(503, retry_after="0"), reply("ok"))

    with caplog.at_level(logging.WARNING, logger="app.infrastructure.adapters.llm"):
        await build(server.base_url).complete(chat())

    [record] = caplog.records
    assert record.getMessage() == "llm call failed, retrying"
    assert record.__dict__["reason"] == "HTTP 503"
    assert record.__dict__["llm_provider"] in {"groq", "openai_compatible"}
    assert PROMPT not in caplog.text
