"""Prometheus metrics: HTTP requests by route template, the job queue's depth and the jobs' outcomes.

The metrics live in prometheus-client's default registry, one set per process. With several worker
processes in one instance, each counts its own requests; setting PROMETHEUS_MULTIPROC_DIR (an empty
directory, before the server starts) makes each process write its values there and `/metrics` sum
them (prometheus-client's multiprocess mode). The HTTP middleware is installed only when
METRICS_ENABLED is on; the queue and job hooks below cost a dictionary update when nobody scrapes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence

from fastapi.routing import APIRoute, iter_route_contexts
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED_ROUTE = "unmatched"  # every path no route answers, under one label (raw paths are unbounded)
OTHER_METHOD = "OTHER"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "jobwise_http_requests",
    "HTTP requests answered, by route template, method and status class",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "jobwise_http_request_duration_seconds",
    "Time from receiving a request to the end of its answer, by route template and method",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
# The queue's depth is one figure for the whole deployment, so with several processes the latest
# value written wins rather than a sum.
QUEUE_DEPTH = Gauge(
    "jobwise_queue_depth", "Jobs waiting in the queue", ["queue"], multiprocess_mode="mostrecent"
)
JOBS = Counter("jobwise_jobs", "Background jobs ended, by kind and outcome", ["kind", "outcome"])


def set_queue_depth(queue: str, depth: int) -> None:
    """Record how many jobs wait in `queue` (e.g. `generations`, `exports`)."""
    QUEUE_DEPTH.labels(queue=queue).set(depth)


def count_job(kind: str, outcome: str, *, jobs: int = 1) -> None:
    """Count background jobs of `kind` that ended in `outcome` (`completed`, `failed`, `skipped`,
    `retried`, `error`, or how they were given up: `timed_out`, `tries_spent`, `lost`)."""
    JOBS.labels(kind=kind, outcome=outcome).inc(jobs)


def exposition(environ: Mapping[str, str] = os.environ) -> bytes:
    """The text format of every metric; in multiprocess mode it reads files: call it off the loop."""
    directory = environ.get(MULTIPROCESS_DIR_VARIABLE)
    if not directory:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)
    return generate_latest(registry)


class MetricsMiddleware:
    """Counts and times every HTTP answer by route template, method and status class.

    Pure ASGI and lean: a clock read, a wrapped `send`, one dictionary lookup for the labelled
    series (kept per label set, so prometheus-client's locked label lookup runs once per series).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self._templates: dict[int, str] = {}  # route (or endpoint) -> template, made at the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes before any answer is a 500 to the client

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            counted, timed = self._series_for(scope, status // 100)
            counted.inc()
            timed.observe(time.perf_counter() - started)

    def _series_for(self, scope: Scope, status_class: int) -> tuple[Counter, Histogram]:
        method = scope["method"] if scope["method"] in _METHODS else OTHER_METHOD
        key = (self._template(scope), method, status_class)
        series = self._series.get(key)
        if series is None:
            route, _, _ = key
            series = (
                REQUESTS.labels(route=route, method=method, status=f"{status_class}xx"),
                LATENCY.labels(route=route, method=method),
            )
            self._series[key] = series
        return series

    def _template(self, scope: Scope) -> str:
        # FastAPI's routes put themselves in the scope they match, Starlette's (the docs' schema and
        # assets) only their endpoint; an included route knows its path without the router's prefix.
        matched = scope.get("route") or scope.get("endpoint")
        if matched is None:
            return UNMATCHED_ROUTE
        key = id(matched)  # routes compare by value, so they cannot be dictionary keys themselves
        template = self._templates.get(key)
        if template is None:  # a route added since the table was made, or one that has no template
            self._templates = route_templates(scope["app"].routes)
            template = self._templates.setdefault(key, UNMATCHED_ROUTE)
        return template


def route_templates(routes: Sequence[BaseRoute]) -> dict[int, str]:
    """The id of each route (and of each Starlette route's endpoint) with its full path template."""
    templates: dict[int, str] = {}
    for context in iter_route_contexts(routes):
        route, path = context.original_route, context.path or UNMATCHED_ROUTE
        templates[id(route)] = path
        if not isinstance(route, APIRoute):
            templates[id(getattr(route, "endpoint", None) or getattr(route, "app", None))] = path
    return templates
