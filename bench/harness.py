"""Benchmark plumbing: servers started as real uvicorn processes, load from wrk, results as rows."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

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
class Server:
    base_url: str
    database_url: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
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


@contextmanager
def jobwise_server(**settings: str) -> Iterator[Server]:
    """The real service on a fresh, migrated SQLite file, with per-IP rate limits off."""
    with tempfile.TemporaryDirectory(prefix="jobwise-bench-") as folder:
        database_url = f"sqlite+aiosqlite:///{folder}/bench.db"
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
            yield Server(base_url=base_url, database_url=database_url)


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
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
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


def print_table(results: list[Result], checks: list[tuple[str, str, bool]]) -> None:
    print(f"\n{'scenario':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    print("-" * 81)
    for row in results:
        print(
            f"{row.name:<44} {row.requests_per_s:>9.0f} {row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {row.errors:>8}"
        )
    print(f"\n{'target':<60} {'measured':>12}  verdict")
    print("-" * 81)
    for target, measured, ok in checks:
        print(f"{target:<60} {measured:>12}  {'PASS' if ok else 'FAIL'}")
