"""Auth benchmarks: /auth/me against the bare route, and /health while logins flood bcrypt."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from bench.harness import (
    Backend,
    Check,
    Result,
    Server,
    during,
    jobwise_server,
    ratio_check,
    uvicorn_server,
    wrk,
)

BENCH_DIR = Path(__file__).resolve().parent
ACCOUNT = {"email": "bench@example.com", "password": "bench-password-123", "full_name": "Bench"}


def register(base_url: str) -> str:
    response = httpx.post(f"{base_url}/api/v1/auth/register", json=ACCOUNT, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def bare_route(token: str, server: Server) -> Result:
    """The floor: on SQLite the bare JWT-decode route; on PostgreSQL the bare JWT + one asyncpg query
    route, on the server's database (where the token's user lives)."""
    env, path, name = {}, "/me", "bare FastAPI JWT-decode route, c=16"
    if server.backend.is_postgres:
        env = {
            "BARE_DATABASE_URL": make_url(server.database_url)
            .set(drivername="postgresql")
            .render_as_string(False)
        }
        path, name = "/me-db", "bare FastAPI JWT-decode + asyncpg route, c=16"
    with uvicorn_server("bench.bare_app:create_bare_app", env=env) as base_url:
        return wrk(
            f"[{server.backend.name}] {name}",
            f"{base_url}{path}",
            connections=16,
            headers={"Authorization": f"Bearer {token}"},
        )


def login_flood(backend: Backend) -> tuple[list[Result], list[Check]]:
    """Logins at c=8 with bcrypt 12 (each a ~0.2 s hash off the loop) and /health at c=1 meanwhile."""
    with jobwise_server(backend, BCRYPT_ROUNDS="12") as server:
        register(server.base_url)
        login, health = during(
            lambda: wrk(
                f"[{backend.name}] POST /auth/login flood (bcrypt 12), c=8",
                f"{server.base_url}/api/v1/auth/login",
                connections=8,
                seconds=10,
                script=BENCH_DIR / "login.lua",
            ),
            lambda: wrk(
                f"[{backend.name}] GET /health during the login flood, c=1",
                f"{server.base_url}/health",
                connections=1,
                seconds=8,
            ),
        )
    checks = [
        Check(
            "login flood (bcrypt 12): >= 5 logins/s",
            backend.name,
            f"{login.requests_per_s:.1f}/s",
            login.requests_per_s >= 5 and login.errors == 0,
        ),
        Check(
            "/health p99 during the login flood (c=8): < 20 ms",
            backend.name,
            f"{health.p99_ms:.1f} ms",
            health.p99_ms < 20,
        ),
    ]
    return [login, health], checks


def run(backend: Backend) -> tuple[list[Result], list[Check]]:
    with jobwise_server(backend) as server:
        token = register(server.base_url)
        me = wrk(
            f"[{backend.name}] GET /api/v1/auth/me, c=16",
            f"{server.base_url}/api/v1/auth/me",
            connections=16,
            headers={"Authorization": f"Bearer {token}"},
        )
        bare = bare_route(token, server)
    share = 0.60 if backend.is_postgres else 0.40
    checks = [ratio_check(AUTH_ME_TARGET, backend, me, bare, at_least=share)]
    flood_rows, flood_checks = login_flood(backend)
    return [bare, me, *flood_rows], checks + flood_checks


AUTH_ME_TARGET = "/auth/me throughput vs the bare route: >= 40 % / >= 60 %"
