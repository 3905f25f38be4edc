"""The remote adapters' shared pieces: reading Retry-After, and the SDK's own timeout."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import groq
import httpx
import pytest

from app.domain.errors import LlmTimeoutError
from app.domain.interfaces.llm import ChatMessage, ChatRequest, LlmTask
from app.infrastructure.adapters.llm.groq_adapter import GroqLlmClient
from app.infrastructure.adapters.llm.remote_chat import parse_retry_after

NOW = datetime(2025, 10, 21, 7, 28, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("Tue, 21 Oct 2025 07:28:30 GMT", 30.0),
        ("Tue, 21 Oct 2025 07:29:00 -0000", 60.0),  # a date without a zone is read as GMT
        ("Tue, 21 Oct 2025 07:00:00 GMT", 0.0),  # already past: no wait
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header: str, seconds: float):
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "inf", "nan", "Tue, 99 Foo 2025"])
def test_an_unusable_retry_after_is_ignored(header: str | None):
    assert parse_retry_after(header, now=NOW) is None


class _TimingOutCompletions:
    async def create(self, **_arguments: Any) -> None:
        raise groq.APITimeoutError(request=httpx.Request("POST", "http://127.0.0.1/chat/completions"))


class _TimingOutClient(GroqLlmClient):
    def _build_sdk(self, **_options: Any) -> Any:
        return SimpleNamespace(chat=SimpleNamespace(completions=_TimingOutCompletions()))


async def test_the_sdks_own_timeout_is_a_timeout_not_a_retry():
    client = _TimingOutClient(
        base_url=None, api_key="k", model="m", fast_model="m", timeout_s=1.0, max_retries=3
    )
    request = ChatRequest(task=LlmTask.COVER_LETTER, messages=(ChatMessage("user", "hi"),))

    with pytest.raises(LlmTimeoutError):
        await client.complete(request)
