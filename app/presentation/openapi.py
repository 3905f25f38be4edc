"""The answers every operation of a kind can give, declared once in the OpenAPI document.

Routes declare their own errors with `responses=`; what the HTTP edge answers for any of them
is added here, so a client generated from `/openapi.json` parses every answer the server sends:
413 and 415 on every JSON body, a 422 that is either FastAPI's list of schema errors or an
app error (`{detail, code}`) on every operation that takes input, and a 503 `service_unavailable` on
every operation that reads or writes the database (all but the probes and the browse feed).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

_ERROR_BODY = {"$ref": "#/components/schemas/ErrorOut"}
_SCHEMA_ERRORS = {"$ref": "#/components/schemas/HTTPValidationError"}
# Operations that never reach the database: the probes (readiness declares its own 503) and the feed.
_NO_DATABASE_PATHS = frozenset({"/health", "/ready", "/api/v1/jobs/browse"})


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _declare_edge_answers(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    if path not in _NO_DATABASE_PATHS:  # an operation's own 503 (a model, storage) says the same
        responses.setdefault(
            "503", _answer("A dependency is unavailable (service_unavailable: the database)", _ERROR_BODY)
        )
    takes_json = "application/json" in operation.get("requestBody", {}).get("content", {})
    if takes_json:
        responses.setdefault("413", _answer("Body too large (payload_too_large)", _ERROR_BODY))
        responses.setdefault("415", _answer("The body is not JSON (unsupported_media_type)", _ERROR_BODY))
    if takes_json or operation.get("parameters") or "requestBody" in operation:
        responses["422"] = _answer(
            "Schema errors as FastAPI lists them, or a broken rule as {detail, code}",
            {"anyOf": [_SCHEMA_ERRORS, _ERROR_BODY]},
        )


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` add the edge answers to the generated document (once, then cached)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            for path, path_item in document["paths"].items():
                for operation in path_item.values():
                    _declare_edge_answers(path, operation)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]
