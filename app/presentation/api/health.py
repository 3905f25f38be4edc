"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.presentation.dependencies import ProviderDep, SettingsDep
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import Schema

router = APIRouter(tags=["operations"], route_class=ApiRoute)


class HealthOut(Schema):
    status: Literal["healthy"] = "healthy"
    version: str


class ReadyOut(Schema):
    status: Literal["ready", "not_ready"]
    checks: dict[str, str]


class NotReadyOut(ReadyOut):
    detail: str
    code: Literal["not_ready"]


@router.get("/health", summary="Liveness")
async def health(settings: SettingsDep) -> HealthOut:
    """Answers while the process serves requests; checks nothing else."""
    return HealthOut(version=settings.app_version)


@router.get("/ready", summary="Readiness", response_model=ReadyOut, responses={503: {"model": NotReadyOut}})
async def ready(provider: ProviderDep) -> ReadyOut | JSONResponse:
    """Answers 200 when every configured dependency is reachable, else 503 naming what failed."""
    checks: dict[str, str] = {probe.name: await probe.status() for probe in provider.readiness_probes}
    if all(value != "error" for value in checks.values()):
        return ReadyOut(status="ready", checks=checks)
    body = NotReadyOut(
        detail="A dependency is unavailable", code="not_ready", status="not_ready", checks=checks
    )
    return JSONResponse(status_code=503, content=body.model_dump())
