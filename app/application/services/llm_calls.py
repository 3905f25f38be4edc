"""One call per language-model task: render the prompts, ask the model, parse its JSON answer.

An answer that is not the JSON asked for gets one repair attempt (the parse error sent back, asking for
only the JSON); if that fails too, the local composer writes the answer from the same payload and
`llm_metadata` says so (`fallback`, `repair_attempted`). A provider that is down or too slow is not
hidden: LlmUnavailableError and LlmTimeoutError reach the caller (503 / 504), except for the ranking
rationale, which never fails a ranking and falls back to the composer's template instead. No database
work happens here: callers read, call, then write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from app.domain.errors import LlmTimeoutError, LlmUnavailableError
from app.domain.generation.llm_answers import (
    EnhancedProfile,
    LetterDraft,
    MalformedLlmOutput,
    StyleRefinement,
    parse_cover_letter,
    parse_enhanced_profile,
    parse_rationale,
    parse_style_refinement,
)
from app.domain.generation.llm_briefs import CoverLetterBrief
from app.domain.generation.task_briefs import EnhanceProfileBrief, RationaleBrief, WritingStyleBrief
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.llm import (
    ChatMessage,
    ChatRequest,
    ChatResult,
    LlmClient,
    LlmRole,
    LlmTask,
    PromptBook,
)

T = TypeVar("T")
LlmMetadata = dict[str, Any]

LOCAL_COMPOSER = "local-composer"
ECHOED_ANSWER_CHARS = 4000  # of a malformed answer, shown back to the model in the repair attempt
ENHANCE_BASE_TOKENS, ENHANCE_TOKENS_PER_TEXT, ENHANCE_MAX_TOKENS = 400, 300, 8000


@dataclass(frozen=True)
class _Task:
    task: LlmTask
    role: LlmRole
    max_tokens: int
    temperature: float


@dataclass
class _Spent:
    """What the calls of one task cost so far."""

    tokens: int = 0
    repaired: bool = False

    def add(self, result: ChatResult) -> ChatResult:
        self.tokens += result.total_tokens
        return result


class LlmCalls:
    def __init__(self, *, client: LlmClient, fallback: LlmClient, prompts: PromptBook, clock: Clock) -> None:
        self._client = client
        self._fallback = fallback
        self._prompts = prompts
        self._clock = clock

    async def cover_letter(self, brief: CoverLetterBrief) -> tuple[LetterDraft, LlmMetadata]:
        """The letter's body paragraphs, in the brief's style."""
        task = _Task(LlmTask.COVER_LETTER, LlmRole.QUALITY, max_tokens=1500, temperature=0.5)
        return await self._run(task, brief.payload(), lambda text: parse_cover_letter(text, brief))

    async def enhance_profile(self, brief: EnhanceProfileBrief) -> tuple[EnhancedProfile, LlmMetadata]:
        """Every text of the profile rewritten, in one call."""
        texts = len(brief.experiences) + len(brief.projects) + 1
        tokens = min(ENHANCE_MAX_TOKENS, ENHANCE_BASE_TOKENS + ENHANCE_TOKENS_PER_TEXT * texts)
        task = _Task(LlmTask.ENHANCE_PROFILE, LlmRole.QUALITY, max_tokens=tokens, temperature=0.3)
        return await self._run(task, brief.payload(), lambda text: parse_enhanced_profile(text, brief))

    async def ranking_rationale(self, brief: RationaleBrief) -> tuple[str, LlmMetadata]:
        """Why the ranking reads as it does; the template's when the provider fails (never an error)."""
        task = _Task(LlmTask.RANKING_RATIONALE, LlmRole.FAST, max_tokens=300, temperature=0.2)
        payload = brief.payload()
        started = self._clock.now()
        try:
            return await self._run(task, payload, parse_rationale)
        except (LlmUnavailableError, LlmTimeoutError) as error:
            code = "llm_timeout" if isinstance(error, LlmTimeoutError) else "llm_unavailable"
            rationale, metadata = await self._composed(task, payload, parse_rationale, _Spent(), started)
            return rationale, {**metadata, "fallback_reason": code}

    async def writing_style(self, brief: WritingStyleBrief) -> tuple[StyleRefinement, LlmMetadata]:
        """The sample's tone, formality, a style summary and traits, refined from its measures."""
        task = _Task(LlmTask.WRITING_STYLE, LlmRole.FAST, max_tokens=300, temperature=0.2)
        return await self._run(task, brief.payload(), parse_style_refinement)

    def _request(
        self, task: _Task, payload: Mapping[str, Any], messages: tuple[ChatMessage, ...]
    ) -> ChatRequest:
        return ChatRequest(
            task=task.task,
            messages=messages,
            payload=payload,
            json_mode=True,
            role=task.role,
            max_tokens=task.max_tokens,
            temperature=task.temperature,
        )

    async def _run(
        self, task: _Task, payload: Mapping[str, Any], parse: Callable[[str], T]
    ) -> tuple[T, LlmMetadata]:
        started = self._clock.now()
        spent = _Spent()
        # The local composer reads only the payload: rendering prompts for it would be wasted (~3 ms).
        local = self._client.provider == "local"
        messages = () if local else self._prompts.messages(task.task, payload)
        result = spent.add(await self._client.complete(self._request(task, payload, messages)))
        try:
            return parse(result.content), self._metadata(self._client, result.model, spent, started)
        except MalformedLlmOutput as error:
            problem = str(error)
        spent.repaired = True
        repair = (
            *messages,
            ChatMessage("assistant", result.content[:ECHOED_ANSWER_CHARS]),
            self._prompts.repair(task.task, problem),
        )
        try:
            result = spent.add(await self._client.complete(self._request(task, payload, repair)))
            return parse(result.content), self._metadata(self._client, result.model, spent, started)
        except (MalformedLlmOutput, LlmUnavailableError, LlmTimeoutError):
            # The provider answered once: its text was unusable, and a failed repair should not turn
            # that into an error for the user when the composer can write the answer.
            return await self._composed(task, payload, parse, spent, started)

    async def _composed(
        self,
        task: _Task,
        payload: Mapping[str, Any],
        parse: Callable[[str], T],
        spent: _Spent,
        started: datetime,
    ) -> tuple[T, LlmMetadata]:
        """The local composer's answer, recorded as a fallback from the configured provider."""
        result = await self._fallback.complete(self._request(task, payload, ()))
        metadata = self._metadata(self._client, self._client.model_for(task.role), spent, started)
        metadata["fallback"] = LOCAL_COMPOSER
        return parse(result.content), metadata

    def _metadata(self, client: LlmClient, model: str, spent: _Spent, started: datetime) -> LlmMetadata:
        metadata: LlmMetadata = {
            "provider": client.provider,
            "model": model,
            "total_tokens": spent.tokens,
            "processing_time_seconds": round((self._clock.now() - started).total_seconds(), 3),
        }
        if spent.repaired:
            metadata["repair_attempted"] = True
        return metadata
