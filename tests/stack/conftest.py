"""The scale-out stage's fixtures: one stack of real processes (tests/stack/processes.py) for the session,
its model a loopback chat-completions server in this process.

The stage runs only when its folder is named on the command line (scripts/stack-tests.sh, a stage of
.ci/run of its own): `./run-tests.sh` leaves it out, it starts a dozen processes.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.llm_server import LlmServer, llm_server, reply
from tests.stack.processes import Stack, scaled_stack

HERE = Path(__file__).resolve().parent
AUTH_LIMIT = 6  # per client address and minute on the auth routes, counted across every instance
JOB_TIMEOUT_S = 5  # the worker's per-job limit: a job of a killed worker is retried after it (+ arq's 10 s)
_ADDRESSES = itertools.count(1)
LETTER = {
    "paragraphs": [
        "I am applying for the Senior Backend Engineer role at Acme Payments.",
        "At Analytical Engines Ltd I designed REST APIs in Python for the payments platform.",
        "I would welcome the chance to talk.",
    ]
}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave this folder's tests out unless it (or a file in it) was named on the command line."""
    named = [Path(str(arg).split("::")[0]).resolve() for arg in config.args]
    if any(path == HERE or HERE in path.parents for path in named):
        return None
    return True


@pytest.fixture(scope="session")
def model() -> Iterator[LlmServer]:
    """Every instance's and the worker's LLM provider; answers a letter at once unless a test slows it."""
    with llm_server(reply(LETTER)) as server:
        yield server


@pytest.fixture(scope="session")
def stack(model: LlmServer) -> Iterator[Stack]:
    settings = {
        "LLM_PROVIDER": "openai_compatible",
        "LLM_BASE_URL": model.openai_base_url,
        "LLM_MODEL": "loopback-model",
        "LLM_TIMEOUT_S": "30",
        "LLM_MAX_RETRIES": "0",
        "RATE_LIMIT_AUTH": f"{AUTH_LIMIT}/minute",
        "TRUSTED_PROXIES": "127.0.0.1/32",  # each test is a client address of its own (X-Forwarded-For)
        "BCRYPT_ROUNDS": "4",
        "WORKER_JOB_TIMEOUT_S": str(JOB_TIMEOUT_S),
        "WORKER_MAX_TRIES": "2",
    }
    with scaled_stack(settings=settings) as started:
        yield started


@pytest.fixture
def client_ip() -> str:
    """A documentation address (RFC 5737) per test, so no test spends another's auth limit."""
    return f"203.0.113.{next(_ADDRESSES)}"


def _client(base_url: str, client_ip: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url, headers={"X-Forwarded-For": client_ip}, timeout=30, trust_env=False
    )


@pytest.fixture
async def on_a(stack: Stack, client_ip: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(stack.a.base_url, client_ip) as client:
        yield client


@pytest.fixture
async def on_b(stack: Stack, client_ip: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(stack.b.base_url, client_ip) as client:
        yield client


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report ends with the tail of every process's log."""
    report = yield
    stack = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(stack, Stack):
        report.sections.append(("stack logs", stack.logs()))
    return report
