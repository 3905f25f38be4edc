"""The yardstick: a bare FastAPI app whose one route only decodes a JWT, served like the real one."""

from __future__ import annotations

from typing import Annotated

import jwt
from fastapi import FastAPI, Header, HTTPException

from bench.harness import BENCH_SECRET


def create_bare_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "healthy"}

    @app.get("/me")
    async def me(authorization: Annotated[str, Header()]) -> dict[str, object]:
        try:
            claims = jwt.decode(authorization.removeprefix("Bearer "), BENCH_SECRET, algorithms=["HS256"])
        except jwt.PyJWTError as exc:
            raise HTTPException(status_code=401) from exc
        return {"id": int(claims["sub"]), "email": claims["email"]}

    return app
