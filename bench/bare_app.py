"""The yardsticks: a bare FastAPI app served like the real one. `/me` only decodes a JWT (the SQLite
floor); `/me-db` decodes it and reads the user with one asyncpg query (the PostgreSQL floor), on a pool
of BARE_DATABASE_URL with as many connections as the service's default pool."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
import jwt
from fastapi import FastAPI, Header, HTTPException, Request

from app.core.config import Settings
from bench.harness import BENCH_SECRET

_USER = "SELECT id, email, full_name, is_active, is_verified, created_at, updated_at FROM users WHERE id = $1"


def _claims(authorization: str) -> dict[str, Any]:
    try:
        return jwt.decode(authorization.removeprefix("Bearer "), BENCH_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=401) from exc


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    url = os.environ.get("BARE_DATABASE_URL")
    if url is None:
        yield
        return
    size = Settings.model_fields["database_pool_size"].default
    async with asyncpg.create_pool(url, min_size=size, max_size=size) as pool:
        app.state.pool = pool
        yield


def create_bare_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "healthy"}

    @app.get("/me")
    async def me(authorization: Annotated[str, Header()]) -> dict[str, object]:
        claims = _claims(authorization)
        return {"id": int(claims["sub"]), "email": claims["email"]}

    @app.get("/me-db")
    async def me_db(request: Request, authorization: Annotated[str, Header()]) -> dict[str, object]:
        claims = _claims(authorization)
        row = await request.app.state.pool.fetchrow(_USER, int(claims["sub"]))
        if row is None:
            raise HTTPException(status_code=401)
        return dict(row)

    return app
