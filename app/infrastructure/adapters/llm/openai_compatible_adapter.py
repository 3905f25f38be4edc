"""OpenAiCompatibleLlmClient: any `/v1/chat/completions` server (Ollama, vLLM, llama.cpp, LM Studio)
through the official `openai` SDK pointed at its base URL (such as `http://localhost:11434/v1`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import openai

from app.infrastructure.adapters.llm.remote_chat import RemoteChatClient, SdkErrors

# The SDK insists on a key and, given none, reads OPENAI_API_KEY from the environment: that would hand
# an OpenAI key to whatever server LLM_BASE_URL names. Without LLM_API_KEY it gets this stand-in, and
# the Authorization header is left out of every request.
_NO_KEY = "no-key"


class OpenAiCompatibleLlmClient(RemoteChatClient):
    """Posts to `{base_url}/chat/completions`, with `Authorization: Bearer <api_key>` when a key is set."""

    provider_name = "openai_compatible"
    sdk_errors = SdkErrors(
        status=openai.APIStatusError, connection=openai.APIConnectionError, timeout=openai.APITimeoutError
    )

    def _build_sdk(self, *, base_url: str | None, api_key: str | None, timeout_s: float) -> Any:
        return openai.AsyncOpenAI(
            api_key=api_key or _NO_KEY, base_url=base_url, timeout=timeout_s, max_retries=0
        )

    def _request_headers(self, api_key: str | None) -> Mapping[str, Any]:
        return {} if api_key else {"Authorization": openai.omit}
