"""Port for a chat-completion model: the local composer, Groq, or any OpenAI-compatible server.

A request carries both the prompt (rendered from the template files, for remote models) and the
structured data the prompt was rendered from (`payload`), so the local composer can write the same
document from the data without reading prose. Every adapter answers in the shape the task asks for
(JSON when `json_mode`), so what follows a call is the same whatever the provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, Protocol


class LlmRole(StrEnum):
    """Which configured model serves a request: `LLM_MODEL` (quality) or `LLM_FAST_MODEL` (fast)."""

    QUALITY = "quality"
    FAST = "fast"


class LlmTask(StrEnum):
    """What a request asks for; the local composer dispatches on it."""

    COVER_LETTER = "cover_letter"
    ENHANCE_PROFILE = "enhance_profile"
    RANKING_RATIONALE = "ranking_rationale"
    WRITING_STYLE = "writing_style"


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class ChatRequest:
    task: LlmTask
    messages: tuple[ChatMessage, ...]
    payload: Mapping[str, Any] = field(default_factory=dict)
    json_mode: bool = False
    role: LlmRole = LlmRole.QUALITY
    max_tokens: int = 1200
    temperature: float = 0.4


@dataclass(frozen=True)
class ChatResult:
    content: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class LlmClient(Protocol):
    """A chat-completion model. Raises LlmUnavailableError or LlmTimeoutError (app.domain.errors)."""

    @property
    def provider(self) -> str:
        """`local`, `groq` or `openai_compatible`."""
        ...

    def model_for(self, role: LlmRole) -> str:
        """The model name a request of this role is sent to."""
        ...

    async def complete(self, request: ChatRequest) -> ChatResult:
        """One chat completion (after the adapter's own bounded retries)."""
        ...


class PromptBook(Protocol):
    """The prompts of each task, rendered from template files with the payload fenced as data."""

    def messages(self, task: LlmTask, payload: Mapping[str, Any]) -> tuple[ChatMessage, ...]:
        """The system and user messages asking for `task` over `payload`."""
        ...

    def repair(self, task: LlmTask, problem: str) -> ChatMessage:
        """The follow-up asking again for only the JSON `task` wants, saying what was wrong."""
        ...
