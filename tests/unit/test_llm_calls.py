"""LlmCalls: one repair attempt for an answer that is not the JSON asked for, then the local composer;
provider failures reach the caller except for the ranking rationale."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

import pytest

from app.application.services.llm_calls import LlmCalls
from app.domain.enums.document_type import DocumentType
from app.domain.errors import LlmTimeoutError, LlmUnavailableError
from app.domain.generation.task_briefs import enhance_profile_brief, rationale_brief, writing_style_brief
from app.domain.interfaces.llm import ChatRequest, ChatResult, LlmRole
from app.infrastructure.adapters.llm.local_adapter import LocalLlmClient
from app.infrastructure.adapters.llm.prompt_book import JinjaPromptBook
from tests.unit.fakes import FakeClock
from tests.unit.llm_fixtures import (
    CASUAL_SAMPLE,
    make_job,
    make_letter_brief,
    make_profile,
    make_ranking,
    style_of,
)

GOOD_LETTER = json.dumps(
    {
        "paragraphs": [
            "I am applying to Initech.",
            "I led work at Acme Payments.",
            "Thank you for reading this.",
        ]
    }
)
Answer = str | Exception


class ScriptedClient:
    """A remote model that answers from a script, one entry per call, and records the requests."""

    provider = "groq"

    def __init__(self, *answers: Answer, clock: FakeClock | None = None) -> None:
        self.answers = list(answers)
        self.requests: list[ChatRequest] = []
        self.clock = clock

    def model_for(self, role: LlmRole) -> str:
        return "big-model" if role is LlmRole.QUALITY else "fast-model"

    async def complete(self, request: ChatRequest) -> ChatResult:
        self.requests.append(request)
        if self.clock is not None:
            self.clock.advance(seconds=1.5)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return ChatResult(
            content=answer, model=self.model_for(request.role), prompt_tokens=100, completion_tokens=20
        )


def _calls(client: ScriptedClient, clock: FakeClock | None = None) -> LlmCalls:
    return LlmCalls(
        client=client, fallback=LocalLlmClient(), prompts=JinjaPromptBook(), clock=clock or FakeClock()
    )


def _run(work: Awaitable[Any]) -> Any:
    async def wrapped() -> Any:
        return await work

    return asyncio.run(wrapped())


def test_a_good_answer_is_parsed_and_measured():
    clock = FakeClock()
    client = ScriptedClient(GOOD_LETTER, clock=clock)
    draft, metadata = _run(_calls(client, clock).cover_letter(make_letter_brief()))
    assert draft.paragraphs[0] == "I am applying to Initech."
    assert metadata == {
        "provider": "groq",
        "model": "big-model",
        "total_tokens": 120,
        "processing_time_seconds": 1.5,
    }
    request = client.requests[0]
    assert request.json_mode
    assert request.role is LlmRole.QUALITY
    assert [message.role for message in request.messages] == ["system", "user"]
    assert request.payload["job"]["company"] == "Initech"


def test_a_malformed_answer_gets_one_repair_that_says_what_was_wrong():
    client = ScriptedClient("Here is your letter: Dear team...", GOOD_LETTER)
    draft, metadata = _run(_calls(client).cover_letter(make_letter_brief()))
    assert draft.paragraphs[1] == "I led work at Acme Payments."
    assert metadata["repair_attempted"] is True
    assert metadata["total_tokens"] == 240
    assert "fallback" not in metadata
    repair = client.requests[1].messages
    assert [message.role for message in repair] == ["system", "user", "assistant", "user"]
    assert repair[2].content == "Here is your letter: Dear team..."
    assert "not valid JSON" in repair[3].content


def test_a_failed_repair_falls_back_to_the_local_composer_and_says_so():
    too_many = json.dumps({"paragraphs": ["a"] * 9})
    client = ScriptedClient(too_many, "still not json")
    draft, metadata = _run(_calls(client).cover_letter(make_letter_brief()))
    assert "Staff Platform Engineer" in draft.paragraphs[0]  # the composer's letter
    assert metadata["fallback"] == "local-composer"
    assert metadata["repair_attempted"] is True
    assert (metadata["provider"], metadata["model"], metadata["total_tokens"]) == ("groq", "big-model", 240)
    assert "At most 4 paragraphs" in client.requests[1].messages[-1].content


@pytest.mark.parametrize("failure", [LlmUnavailableError(), LlmTimeoutError()])
def test_a_provider_failing_during_the_repair_falls_back_too(failure: Exception):
    client = ScriptedClient("{}", failure)
    _, metadata = _run(_calls(client).cover_letter(make_letter_brief()))
    assert metadata["fallback"] == "local-composer"


@pytest.mark.parametrize("failure", [LlmUnavailableError(retry_after_s=12), LlmTimeoutError()])
def test_a_provider_failure_reaches_the_caller_for_a_letter(failure: Exception):
    with pytest.raises(type(failure)):
        _run(_calls(ScriptedClient(failure)).cover_letter(make_letter_brief()))


def test_an_answer_naming_an_unknown_id_is_repaired():
    profile = make_profile()
    brief = enhance_profile_brief(profile, style=style_of(CASUAL_SAMPLE))
    known = brief.experiences[0].id
    bad = {
        "professional_summary": None,
        "experiences": [{"id": "made-up", "enhanced_description": "x"}],
        "projects": [],
    }
    good = {**bad, "experiences": [{"id": known, "enhanced_description": "Led the migration."}]}
    client = ScriptedClient(json.dumps(bad), json.dumps(good))
    enhanced, metadata = _run(_calls(client).enhance_profile(brief))
    assert enhanced.experiences == {known: "Led the migration."}
    assert metadata["repair_attempted"] is True
    assert "not one of the ids given" in client.requests[1].messages[-1].content
    assert client.requests[0].max_tokens == 400 + 300 * 4


@pytest.mark.parametrize(
    ("failure", "reason"), [(LlmUnavailableError(), "llm_unavailable"), (LlmTimeoutError(), "llm_timeout")]
)
def test_a_rationale_never_fails_a_ranking(failure: Exception, reason: str):
    profile = make_profile()
    brief = rationale_brief(profile, make_job(), make_ranking(profile))
    rationale, metadata = _run(_calls(ScriptedClient(failure)).ranking_rationale(brief))
    assert "Acme Payments ranks first" in rationale
    assert metadata["fallback"] == "local-composer"
    assert metadata["fallback_reason"] == reason
    assert metadata["model"] == "fast-model"
    assert "repair_attempted" not in metadata


def test_a_rationale_and_a_style_use_the_fast_model():
    profile = make_profile()
    client = ScriptedClient(
        '{"rationale": "Acme leads."}',
        json.dumps({"tone": "neutral", "formality": 0.5, "style_summary": "Plain.", "traits": []}),
    )
    calls = _calls(client)
    rationale, _ = _run(calls.ranking_rationale(rationale_brief(profile, make_job(), make_ranking(profile))))
    style_brief = writing_style_brief(
        DocumentType.COVER_LETTER, measures=style_of(CASUAL_SAMPLE), text=CASUAL_SAMPLE
    )
    refined, metadata = _run(calls.writing_style(style_brief))
    assert rationale == "Acme leads."
    assert refined.style_summary == "Plain."
    assert metadata["model"] == "fast-model"
    assert {request.role for request in client.requests} == {LlmRole.FAST}


def test_the_local_composer_as_the_provider_needs_no_repair():
    calls = LlmCalls(
        client=LocalLlmClient(), fallback=LocalLlmClient(), prompts=JinjaPromptBook(), clock=FakeClock()
    )
    draft, metadata = _run(calls.cover_letter(make_letter_brief()))
    assert len(draft.paragraphs) == 4
    assert metadata["provider"] == "local"
    assert metadata["model"] == "local-composer"
    assert metadata["total_tokens"] == sum(len(paragraph.split()) for paragraph in draft.paragraphs) + 1
    assert "fallback" not in metadata
    assert "repair_attempted" not in metadata
