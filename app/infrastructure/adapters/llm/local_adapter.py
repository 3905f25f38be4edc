"""The embedded default LlmClient: the local composer, deterministic, with no model and no network.

It ignores the prose of the messages and writes from the request's `payload` (the brief the prompts were
rendered from), answering in the same JSON shape the remote models are asked for, so everything after
the call is the same whatever the provider.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from app.domain.interfaces.llm import ChatRequest, ChatResult, LlmRole, LlmTask
from app.infrastructure.adapters.llm.local.enhance import compose_enhancement
from app.infrastructure.adapters.llm.local.letter import compose_letter
from app.infrastructure.adapters.llm.local.summaries import compose_rationale, compose_style

LOCAL_MODEL = "local-composer"

_COMPOSERS: dict[LlmTask, Callable[[Mapping[str, Any]], Any]] = {
    LlmTask.COVER_LETTER: lambda payload: {"paragraphs": compose_letter(payload)},
    LlmTask.ENHANCE_PROFILE: compose_enhancement,
    LlmTask.RANKING_RATIONALE: compose_rationale,
    LlmTask.WRITING_STYLE: compose_style,
}


def _words(text: str) -> int:
    return len(text.split())


class LocalLlmClient:
    """LlmClient that composes from the payload. It is pure CPU work of well under a millisecond for a
    letter, so it runs inline rather than on a worker thread (a hand-off costs more)."""

    @property
    def provider(self) -> str:
        return "local"

    def model_for(self, role: LlmRole) -> str:
        return LOCAL_MODEL

    async def complete(self, request: ChatRequest) -> ChatResult:
        """The task's answer as JSON. Token counts are WORD counts (whitespace-separated words of the
        messages and of the answer): there is no tokenizer here, and words are what the text costs."""
        content = json.dumps(_COMPOSERS[request.task](request.payload), ensure_ascii=False)
        return ChatResult(
            content=content,
            model=LOCAL_MODEL,
            prompt_tokens=sum(_words(message.content) for message in request.messages),
            completion_tokens=_words(content),
        )
