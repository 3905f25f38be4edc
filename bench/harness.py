"""Benchmark plumbing: servers started as real uvicorn processes on SQLite or PostgreSQL, load from
wrk, results as rows and target checks as cells of one table (a column per engine)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123"


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class Check:
    """One target of the table, as measured on one engine."""

    target: str  # the table's row: the same text on every engine
    backend: str  # the table's column: Backend.name
    measured: str
    ok: bool


@dataclass(frozen=True)
class Backend:
    """The engine a suite runs the service on: SQLite, or a PostgreSQL server given by URL."""

    name: str  # "SQLite" or "PostgreSQL": the column of the target table
    server_url: str | None = None  # postgresql+asyncpg://... of a database on the server to connect to

    @property
    def is_postgres(self) -> bool:
        return self.server_url is not None


SQLITE = Backend("SQLite")


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str
    backend: Backend


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90  # a loaded machine starts slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def uvicorn_server(app: str, *, env: dict[str, str] | None = None, factory: bool = True) -> Iterator[str]:
    """Serve `app` with one uvicorn worker on a free loopback port; yields the base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    if factory:
        command.append("--factory")
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/health", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


def _postgres_admin(server_url: str, statement: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(
            make_url(server_url).set(drivername="postgresql").render_as_string(False)
        )
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


@contextmanager
def fresh_database(backend: Backend, folder: str) -> Iterator[str]:
    """An empty database: a SQLite file in `folder`, or a new database on the PostgreSQL server."""
    if backend.server_url is None:
        yield f"sqlite+aiosqlite:///{folder}/bench.db"
        return
    name = f"jobwise_bench_{uuid.uuid4().hex[:12]}"
    _postgres_admin(backend.server_url, f"CREATE DATABASE {name}")
    try:
        yield make_url(backend.server_url).set(database=name).render_as_string(False)
    finally:
        _postgres_admin(backend.server_url, f"DROP DATABASE {name} WITH (FORCE)")


@contextmanager
def jobwise_server(backend: Backend = SQLITE, **settings: str) -> Iterator[Server]:
    """The real service on a fresh, migrated database, with per-IP rate limits off."""
    with (
        tempfile.TemporaryDirectory(prefix="jobwise-bench-") as folder,
        fresh_database(backend, folder) as database_url,
    ):
        env = {
            "DATABASE_URL": database_url,
            "JWT_SECRET": BENCH_SECRET,
            "RATE_LIMIT_ENABLED": "false",
            "STORAGE_DIR": f"{folder}/storage",
            **settings,
        }
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        with uvicorn_server("app.main:create_app", env=env) as base_url:
            yield Server(base_url=base_url, database_url=database_url, backend=backend)


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT_MS[unit]


def wrk(
    name: str,
    url: str,
    *,
    connections: int,
    seconds: int = 8,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
) -> Result:
    """Run wrk with one thread and parse requests/s, p50, p99 and non-2xx answers."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (bench/run.sh installs it)")
    # wrk drops answers slower than its 2 s default timeout from the latencies: a login flood on a
    # loaded machine would then read 0 ms.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        name=name,
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        errors=int(errors.group(1)) if errors else 0,
    )


def during(background: Callable[[], Result], foreground: Callable[[], Result]) -> tuple[Result, Result]:
    """Run `foreground` while `background` loads the server; both results, background first."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        load = pool.submit(background)
        time.sleep(0.5)  # the load is under way before the foreground measures
        measured = foreground()
        return load.result(), measured


def ratio_check(target: str, backend: Backend, measured: Result, floor: Result, *, at_least: float) -> Check:
    """Throughput of `measured` as a share of the `floor` route's."""
    ratio = measured.requests_per_s / floor.requests_per_s
    return Check(target, backend.name, f"{ratio:.0%}", ratio >= at_least)


def print_table(results: list[Result], checks: list[Check], backends: list[Backend]) -> None:
    width = max(len(row.name) for row in results) + 2
    print(f"\n{'scenario':<{width}} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    print("-" * (width + 36))
    for row in results:
        figures = f"{row.requests_per_s:>9.0f} {row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {row.errors:>8}"
        print(f"{row.name:<{width}} {figures}")
    cells: dict[str, dict[str, Check]] = {}
    for check in checks:
        cells.setdefault(check.target, {})[check.backend] = check
    names = [backend.name for backend in backends]
    width = max(len(target) for target in cells) + 2
    print(f"\n{'target':<{width}}" + "".join(f"{name:>18}" for name in names))
    print("-" * (width + 18 * len(names)))
    for target, by_backend in cells.items():
        line = f"{target:<{width}}"
        for name in names:
            cell = by_backend.get(name)
            line += f"{'-' if cell is None else cell.measured + (' ok' if cell.ok else ' FAIL'):>18}"
        print(line)
