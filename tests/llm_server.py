"""A chat-completions server on 127.0.0.1 for tests: scripted answers, every request recorded.

    with llm_server() as server:
        server.script(reply("Dear Hiring Manager, ..."), failure(429, retry_after="1"))
        client = OpenAiCompatibleLlmClient(base_url=server.openai_base_url, ...)   # /v1/chat/completions
        client = GroqLlmClient(base_url=server.groq_base_url, ...)          # /openai/v1/chat/completions
        ...
        assert server.requests[0].body["model"] == "..."

Answers are taken from the queue in order; once it is empty every request gets `server.default`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.helpers import free_port

CHAT_PATHS = ("/v1/chat/completions", "/openai/v1/chat/completions")


@dataclass(frozen=True)
class ScriptedAnswer:
    """One answer: a chat completion whose message is `content`, or `body` as it is (wins when set)."""

    status: int = 200
    content: str = "Loopback answer."
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # waited before answering; a server shutdown ends the wait
    prompt_tokens: int = 11
    completion_tokens: int = 7


def reply(content: str | Mapping[str, Any] | list[Any], **options: Any) -> ScriptedAnswer:
    """A 200 completion whose message is `content` (a mapping or list is sent as its JSON text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    return ScriptedAnswer(content=text, **options)


def failure(status: int, *, retry_after: str | None = None, **options: Any) -> ScriptedAnswer:
    """An error answer in the providers' shape (`{"error": {...}}`), with a Retry-After when given."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    error = {"error": {"message": f"loopback error {status}", "type": "loopback_error", "code": status}}
    return ScriptedAnswer(status=status, body=json.dumps(error).encode(), headers=headers, **options)


def raw(body: bytes, *, status: int = 200, content_type: str = "application/json") -> ScriptedAnswer:
    """A body sent exactly as given (malformed answers)."""
    return ScriptedAnswer(status=status, body=body, headers={"Content-Type": content_type})


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    headers: Mapping[str, str]  # names in lower case
    body: Any  # the parsed JSON, or the raw text when it was not JSON
    received_at: float  # time.monotonic() on arrival


class LlmServer:
    def __init__(self, server: ThreadingHTTPServer, default: ScriptedAnswer) -> None:
        self._server = server
        self.default = default
        self.answers: deque[ScriptedAnswer] = deque()
        self.requests: list[ReceivedRequest] = []
        self.stopping = threading.Event()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_base_url(self) -> str:
        """LLM_BASE_URL for openai_compatible (the root `/chat/completions` hangs from)."""
        return self.base_url + "/v1"

    @property
    def groq_base_url(self) -> str:
        """LLM_BASE_URL for groq (the SDK adds `/openai/v1/chat/completions`)."""
        return self.base_url

    def script(self, *answers: ScriptedAnswer | str) -> None:
        """Queue answers; a plain string is a completion with that content."""
        self.answers.extend(reply(answer) if isinstance(answer, str) else answer for answer in answers)

    def next_answer(self) -> ScriptedAnswer:
        try:
            return self.answers.popleft()
        except IndexError:
            return self.default


def completion_body(answer: ScriptedAnswer, model: str, number: int) -> bytes:
    """The chat.completion object of the wire format, with usage."""
    usage = {
        "prompt_tokens": answer.prompt_tokens,
        "completion_tokens": answer.completion_tokens,
        "total_tokens": answer.prompt_tokens + answer.completion_tokens,
    }
    message = {"role": "assistant", "content": answer.content}
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    completion = {
        "id": f"chatcmpl-loopback-{number}",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [choice],
        "usage": usage,
    }
    return json.dumps(completion).encode()


def _parse(raw_body: bytes) -> Any:
    try:
        return json.loads(raw_body)
    except ValueError:
        return raw_body.decode("utf-8", "replace")


def _handler(llm: LlmServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = _parse(self.rfile.read(length))
            headers = {name.lower(): value for name, value in self.headers.items()}
            llm.requests.append(ReceivedRequest(self.path, headers, body, time.monotonic()))
            if self.path not in CHAT_PATHS:
                self._send(404, b'{"error": {"message": "no such route"}}', {})
                return
            answer = llm.next_answer()
            if answer.delay_s and llm.stopping.wait(answer.delay_s):
                return  # the server is shutting down: drop the connection unanswered
            model = body.get("model", "") if isinstance(body, dict) else ""
            number = len(llm.requests)
            payload = answer.body if answer.body is not None else completion_body(answer, model, number)
            self._send(answer.status, payload, answer.headers)

        def _send(self, status: int, payload: bytes, headers: Mapping[str, str]) -> None:
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self.send_response(status)
                if not any(name.lower() == "content-type" for name in headers):
                    self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def llm_server(default: ScriptedAnswer | None = None) -> Iterator[LlmServer]:
    """Serve on a random loopback port until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    server.block_on_close = False
    llm = LlmServer(server, default or ScriptedAnswer())
    server.RequestHandlerClass = _handler(llm)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield llm
    finally:
        llm.stopping.set()
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """`http://127.0.0.1:<port>` where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"
