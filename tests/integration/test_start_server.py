"""The real start command: what an operator gets from `./start-server.sh` on its embedded defaults."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


@contextmanager
def started_server(data_dir: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JWT_", "DATABASE_", "WORKERS", "REDIS_"))
    }
    environment.update({"PORT": str(port), "DATA_DIR": str(data_dir), "BCRYPT_ROUNDS": "4", **settings})
    server = subprocess.Popen(
        [str(ROOT / "start-server.sh")],
        cwd="/",  # the script and the settings find the project from their own location
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, "the server stopped during start-up"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_forwarded_for_header_from_loopback_does_not_pick_the_client_address(tmp_path: Path):
    with started_server(tmp_path) as base:
        statuses = [
            httpx.post(
                f"{base}/api/v1/auth/login",
                json={"email": "nobody@example.com", "password": PASSWORD},
                headers={"X-Forwarded-For": f"203.0.113.{attempt}"},
            ).status_code
            for attempt in range(12)
        ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]


def test_without_jwt_secret_a_private_secret_is_generated_once_and_reused(tmp_path: Path):
    with started_server(tmp_path) as base:
        answer = httpx.post(
            f"{base}/api/v1/auth/register",
            json={"email": "ada@example.com", "password": PASSWORD, "full_name": "Ada"},
        )
        token = answer.json()["access_token"]
    secret_file = tmp_path / "jwt-secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(secret_file.read_text().strip()) >= 32
    assert secret_file.read_text().strip() not in (ROOT / "app" / "core" / "config.py").read_text()
    with started_server(tmp_path) as base:
        me = httpx.get(f"{base}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


@pytest.mark.parametrize("workers", ["2", "4"])
def test_several_workers_are_refused_while_rate_limits_are_per_process(tmp_path: Path, workers: str):
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    result = subprocess.run(
        [str(ROOT / "start-server.sh")],
        env={**environment, "WORKERS": workers, "DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "rate limits" in result.stderr


def test_with_redis_several_workers_start_and_the_rate_limit_holds_across_them(
    tmp_path: Path, redis_url: str
):
    prefix = f"start-server-{tmp_path.name}"
    with started_server(tmp_path, WORKERS="2", REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix) as base:
        statuses = [
            httpx.post(
                f"{base}/api/v1/auth/login", json={"email": "x@example.com", "password": "wrong"}
            ).status_code
            for _ in range(11)
        ]
        ready = httpx.get(f"{base}/ready").json()
    assert statuses == [401] * 10 + [429]  # 10 a minute across both processes
    assert ready["checks"]["redis"] == "ok"
