"""What the Groq and OpenAI-compatible adapters share: the request, the retry loop, reading the answer.

Both official SDKs are generated from the same template (same method, same exception classes), so
one class drives either; an adapter only builds its SDK client. The SDKs' own retries are switched
off: they time out each attempt separately, sleep between attempts whatever time is left and retry
408/409 too, while the mobile client gives up after 30 s. Here the WHOLE call, retries and waits
included, stays within `timeout_s`: a wait that would end past the deadline fails at once with
LlmUnavailableError (its Retry-After from the provider's), and a call still running at the deadline
is cancelled with LlmTimeoutError.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, NoReturn

from app.domain.errors import LlmTimeoutError, LlmUnavailableError
from app.domain.interfaces.llm import ChatRequest, ChatResult, LlmRole

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_S = 30  # told to the mobile client when the provider named no wait of its own
BACKOFF_CAP_S = 8.0
_LOGGED_MESSAGE_CHARS = 200


@dataclass(frozen=True, slots=True)
class SdkErrors:
    """The exception classes of one SDK (groq and openai name them alike)."""

    status: type[Exception]  # APIStatusError: an HTTP answer other than 2xx (.status_code, .response)
    connection: type[Exception]  # APIConnectionError: refused, reset, DNS...
    timeout: type[Exception]  # APITimeoutError, a subclass of the connection error


@dataclass(frozen=True, slots=True)
class _Retryable:
    reason: str  # for the log: "HTTP 503", "connection failed (ConnectError)"
    retry_after_s: float | None = None  # the provider's Retry-After


class _MalformedAnswerError(Exception):
    """The server answered 2xx with something that is not a chat completion."""


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:  # an HTTP date is always GMT
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - now).total_seconds())
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def read_completion(completion: Any, *, model: str) -> ChatResult:
    """The first choice's text and the token counts, checking the shape (the SDKs do not validate)."""
    choices = getattr(completion, "choices", None)
    message = getattr(choices[0], "message", None) if isinstance(choices, list) and choices else None
    content = getattr(message, "content", None)
    if not isinstance(content, str):
        raise _MalformedAnswerError("no message content in the answer")
    usage = getattr(completion, "usage", None)
    return ChatResult(
        content=content,
        model=model,
        prompt_tokens=_token_count(usage, "prompt_tokens"),
        completion_tokens=_token_count(usage, "completion_tokens"),
    )


def _token_count(usage: object, name: str) -> int:
    value = getattr(usage, name, None)
    return value if isinstance(value, int) and value >= 0 else 0


class RemoteChatClient(ABC):
    """An LlmClient over an SDK chat-completions client, with bounded retries inside one deadline.

    A subclass names its provider and SDK errors and builds the SDK client (with its retries off).
    """

    provider_name: ClassVar[str]
    sdk_errors: ClassVar[SdkErrors]

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        fast_model: str,
        timeout_s: float,
        max_retries: int,
        backoff_base_s: float = 0.5,
    ) -> None:
        self._sdk = self._build_sdk(base_url=base_url, api_key=api_key, timeout_s=timeout_s)
        self._extra_headers = self._request_headers(api_key)
        self._secret = api_key  # kept only to blank it out of logged provider messages
        self._models = {LlmRole.QUALITY: model, LlmRole.FAST: fast_model}
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._backoff_base_s = backoff_base_s

    @abstractmethod
    def _build_sdk(self, *, base_url: str | None, api_key: str | None, timeout_s: float) -> Any:
        """The SDK's async client, built once (AsyncGroq or AsyncOpenAI) with max_retries=0."""
        raise NotImplementedError

    def _request_headers(self, api_key: str | None) -> Mapping[str, Any]:
        """Headers added to every request (none unless the provider needs some)."""
        return {}

    @property
    def provider(self) -> str:
        return self.provider_name

    def model_for(self, role: LlmRole) -> str:
        """The model name a request of this role is sent to."""
        return self._models[role]

    async def aclose(self) -> None:
        """Close the SDK's connection pool (at shutdown)."""
        await self._sdk.close()

    async def complete(self, request: ChatRequest) -> ChatResult:
        """One chat completion, retried on 429/5xx/connection failures, all within `timeout_s`."""
        model = self.model_for(request.role)
        deadline = asyncio.get_running_loop().time() + self._timeout_s
        try:
            async with asyncio.timeout_at(deadline):
                return await self._attempts(request, model=model, deadline=deadline)
        except TimeoutError:
            self._log(logging.WARNING, "llm call timed out", model=model, timeout_s=self._timeout_s)
            raise LlmTimeoutError from None

    async def _attempts(self, request: ChatRequest, *, model: str, deadline: float) -> ChatResult:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            outcome = await self._attempt(request, model=model, deadline=deadline)
            if isinstance(outcome, ChatResult):
                return outcome
            wait = outcome.retry_after_s if outcome.retry_after_s is not None else self._backoff(attempt)
            attempt += 1
            if attempt > self._max_retries or loop.time() + wait >= deadline:
                break
            self._log(
                logging.WARNING, "llm call failed, retrying", model=model, reason=outcome.reason, wait_s=wait
            )
            await asyncio.sleep(wait)
        # Out of retries, or the wait asked for would end past the deadline: answer now.
        self._log(
            logging.ERROR, "llm provider unavailable", model=model, reason=outcome.reason, attempts=attempt
        )
        raise LlmUnavailableError(retry_after_s=_client_retry_after(outcome.retry_after_s))

    async def _attempt(self, request: ChatRequest, *, model: str, deadline: float) -> ChatResult | _Retryable:
        """One request: the result or a failure worth retrying; any other failure raises."""
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            completion = await self._sdk.chat.completions.create(
                **self._arguments(request, model=model), timeout=remaining
            )
        except self.sdk_errors.timeout:
            raise TimeoutError from None  # the SDK's own clock reached the deadline first
        except self.sdk_errors.status as error:
            return self._judge_status(error, model=model)
        except self.sdk_errors.connection as error:
            return _Retryable(f"connection failed ({type(error.__cause__ or error).__name__})")
        except ValueError:  # a 2xx body that is not JSON
            self._refuse_malformed(model, "the answer is not JSON")
        try:
            return read_completion(completion, model=model)
        except _MalformedAnswerError as error:
            self._refuse_malformed(model, str(error))

    def _arguments(self, request: ChatRequest, *, model: str) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "model": model,
            "messages": [{"role": message.role, "content": message.content} for message in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
        }
        if request.json_mode:
            arguments["response_format"] = {"type": "json_object"}
        if self._extra_headers:
            arguments["extra_headers"] = self._extra_headers
        return arguments

    def _judge_status(self, error: Any, *, model: str) -> _Retryable:
        status = int(error.status_code)
        if status == 429 or status >= 500:
            wait = parse_retry_after(error.response.headers.get("retry-after"), now=datetime.now(UTC))
            return _Retryable(f"HTTP {status}", retry_after_s=wait)
        # A bad key, an unknown model, a request the provider refuses: retrying cannot help, and the
        # operator needs to see why (the provider's words, never the prompt or the key).
        message = self._provider_message(error)
        self._log(
            logging.ERROR,
            "llm provider refused the request",
            model=model,
            status=status,
            provider_message=message,
        )
        raise LlmUnavailableError(retry_after_s=DEFAULT_RETRY_AFTER_S)

    def _refuse_malformed(self, model: str, reason: str) -> NoReturn:
        self._log(logging.ERROR, "llm answer is not a chat completion", model=model, reason=reason)
        raise LlmUnavailableError(retry_after_s=DEFAULT_RETRY_AFTER_S)

    def _provider_message(self, error: Any) -> str:
        body = getattr(error, "body", None)
        detail = body.get("error", body) if isinstance(body, dict) else body
        message = detail.get("message") if isinstance(detail, dict) else detail
        text = str(message or "")[:_LOGGED_MESSAGE_CHARS]
        return text.replace(self._secret, "***") if self._secret else text

    def _backoff(self, attempt: int) -> float:
        ceiling = min(BACKOFF_CAP_S, self._backoff_base_s * 2**attempt)
        return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - jitter spreads retries, not a secret

    def _log(self, level: int, message: str, **fields: object) -> None:
        logger.log(level, message, extra={"llm_provider": self.provider_name, **fields})


def _client_retry_after(provider_wait: float | None) -> int:
    """Whole seconds for the client's Retry-After: the provider's wait, else a default."""
    if provider_wait is None:
        return DEFAULT_RETRY_AFTER_S
    return max(1, math.ceil(provider_wait))
