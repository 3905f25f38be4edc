"""Auth benchmarks: /auth/me against the bare JWT route, and /health while logins flood bcrypt."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.harness import Result, jobwise_server, uvicorn_server, wrk

BENCH_DIR = Path(__file__).resolve().parent
ACCOUNT = {"email": "bench@example.com", "password": "bench-password-123", "full_name": "Bench"}


def register(base_url: str) -> str:
    response = httpx.post(f"{base_url}/api/v1/auth/register", json=ACCOUNT, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def bare_jwt_route(token: str) -> Result:
    with uvicorn_server("bench.bare_app:create_bare_app") as base_url:
        return wrk(
            "bare FastAPI JWT-decode route, c=16",
            f"{base_url}/me",
            connections=16,
            headers={"Authorization": f"Bearer {token}"},
        )


def run() -> tuple[list[Result], list[tuple[str, str, bool]]]:
    with jobwise_server() as server:
        token = register(server.base_url)
        me = wrk(
            "GET /api/v1/auth/me, c=16",
            f"{server.base_url}/api/v1/auth/me",
            connections=16,
            headers={"Authorization": f"Bearer {token}"},
        )
    bare = bare_jwt_route(token)

    with jobwise_server(BCRYPT_ROUNDS="12") as server:
        register(server.base_url)
        with ThreadPoolExecutor(max_workers=1) as pool:
            flood = pool.submit(
                wrk,
                "POST /auth/login flood (bcrypt 12), c=8",
                f"{server.base_url}/api/v1/auth/login",
                connections=8,
                seconds=10,
                script=BENCH_DIR / "login.lua",
            )
            health = wrk(
                "GET /health during the login flood, c=1",
                f"{server.base_url}/health",
                connections=1,
                seconds=8,
            )
            login = flood.result()

    ratio = me.requests_per_s / bare.requests_per_s
    checks = [
        ("/auth/me throughput >= 40 % of the bare JWT route", f"{ratio:.0%}", ratio >= 0.40),
        ("/health p99 < 20 ms during a login flood at c=8", f"{health.p99_ms:.1f} ms", health.p99_ms < 20),
    ]
    return [bare, me, login, health], checks
