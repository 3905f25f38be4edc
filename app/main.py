"""Application factory: `create_app(settings)` wires routers, middleware, error handlers and clients."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from app.bootstrap import Resources, build_resources
from app.core.config import Settings
from app.core.logging import REQUEST_ID_HEADER, RequestContextMiddleware, configure_logging
from app.core.metrics import MetricsMiddleware
from app.presentation.api import (
    auth,
    export,
    generation,
    health,
    job,
    metrics,
    profile,
    profile_items,
    profile_skills,
    samples,
)
from app.presentation.errors import register_error_handlers
from app.presentation.middleware import BodySizeLimitMiddleware
from app.presentation.multipart import FORM_OVERHEAD_BYTES
from app.presentation.openapi import install_openapi
from app.presentation.security_headers import SecurityHeadersMiddleware

API_PREFIX = "/api/v1"
logger = logging.getLogger(__name__)
EXPOSED_HEADERS = [REQUEST_ID_HEADER, "Content-Disposition", "Retry-After", "Location"]


async def _recover_interrupted(resources: Resources) -> None:
    try:
        await resources.generation_service().recover_interrupted()
        await resources.batch_exporter().recover_interrupted()
    except Exception:  # the database may be down at start: /ready reports it; the next start recovers
        logger.exception("queued work left by a stopped server could not be marked interrupted")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API; without explicit settings they are read from the environment."""
    settings = settings or Settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = build_resources(settings)
        app.state.resources = resources
        if settings.render_warm_up:
            await resources.renderer.warm_up()
        # Queued work in Redis outlives this instance and may be running on a worker right now: the
        # worker recovers lost jobs at its start (docs/scale-out.md, Job queue). In-process it died here.
        if not settings.redis_url:
            await _recover_interrupted(resources)
        # What start-up built (routes, schemas, mappers, templates: some 275,000 objects) lives as long
        # as the server. Frozen, the cyclic collector no longer walks it: each full collection had
        # stopped every request in flight for ~140 ms (docs/benchmarks.md, Garbage collection).
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            await resources.aclose()

    app = FastAPIOffline(
        title="JobWise API",
        version=settings.app_version,
        description="From a job posting to a tailored resume and cover letter.",
        lifespan=lifespan,
    )
    register_error_handlers(app)
    install_openapi(app)
    # FastAPI tries included routers in order, each route in turn, so the hot read paths come first.
    app.include_router(health.router)
    for router in (
        auth.router,
        job.router,
        profile.router,
        profile_items.router,
        profile_skills.router,
        samples.router,
        generation.router,
        export.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    if settings.metrics_enabled:
        app.include_router(metrics.router)

    upload_limit = max(settings.max_body_bytes, settings.sample_max_file_bytes + FORM_OVERHEAD_BYTES)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        path_limits={f"{API_PREFIX}/samples/upload": upload_limit},
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=EXPOSED_HEADERS,
        )
    app.add_middleware(RequestContextMiddleware)  # sees every answer, crashes turned into 500s included
    if settings.metrics_enabled:  # off, the hot routes pay nothing for it
        app.add_middleware(MetricsMiddleware)  # outside the 500s made of crashes, so it counts them
    app.add_middleware(SecurityHeadersMiddleware)  # added last: outermost, on every answer
    return app
