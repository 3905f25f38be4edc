"""GroqLlmClient: Groq's chat completions through the official `groq` SDK (AsyncGroq)."""

from __future__ import annotations

from typing import Any

import groq

from app.infrastructure.adapters.llm.remote_chat import RemoteChatClient, SdkErrors


class GroqLlmClient(RemoteChatClient):
    """Posts to `{base_url}/openai/v1/chat/completions`; base_url None = the SDK's `https://api.groq.com`."""

    provider_name = "groq"
    sdk_errors = SdkErrors(
        status=groq.APIStatusError, connection=groq.APIConnectionError, timeout=groq.APITimeoutError
    )

    def _build_sdk(self, *, base_url: str | None, api_key: str | None, timeout_s: float) -> Any:
        return groq.AsyncGroq(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0)
