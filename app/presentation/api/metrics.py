"""GET /metrics: Prometheus's text format, included only when METRICS_ENABLED is on."""

from __future__ import annotations

import hmac

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from app.core.metrics import exposition
from app.domain.errors import InvalidTokenError, NotAuthenticatedError
from app.presentation.dependencies import SettingsDep
from app.presentation.routing import ApiRoute

router = APIRouter(tags=["operations"], route_class=ApiRoute)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep) -> Response:
    """This process's metrics (every worker's in multiprocess mode); behind METRICS_TOKEN if set."""
    if settings.metrics_token:
        _check_token(request.headers.get("authorization"), settings.metrics_token)
    body = await anyio.to_thread.run_sync(exposition)  # multiprocess mode reads one file per process
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def _check_token(header: str | None, token: str) -> None:
    if header is None:
        raise NotAuthenticatedError
    scheme, _, presented = header.partition(" ")
    # Compared in constant time, so the answer's timing says nothing about how much of it matched.
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), token.encode()):
        raise InvalidTokenError
