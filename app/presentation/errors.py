"""The one place errors become HTTP answers: `{"detail", "code"}` for everything but schema errors."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.exceptions import AppError

_FRAMEWORK_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
    return JSONResponse(
        status_code=exc.status_code,
        content={"detail": exc.detail, "code": exc.code},
        headers=exc.headers,
    )


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _FRAMEWORK_CODES.get(exc.status_code, "http_error")
    return JSONResponse(
        status_code=exc.status_code,
        content={"detail": exc.detail, "code": code},
        headers=exc.headers,
    )


# Fields whose values are never echoed back, and the longest text an error repeats.
_SECRET_FIELDS = frozenset({"password", "current_password", "new_password", "token", "refresh_token"})
_ECHO_MAX_CHARS = 200


def _echo(loc: tuple[Any, ...], value: Any) -> Any:
    """What a 422 may repeat of the input: short scalars of non-secret fields, never a body or object."""
    if isinstance(value, dict | list | tuple | bytes) or _SECRET_FIELDS.intersection(map(str, loc)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str) and len(value) > _ECHO_MAX_CHARS:
        return value[:_ECHO_MAX_CHARS] + "…"
    return value


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{**error, "input": _echo(tuple(error["loc"]), error.get("input"))} for error in exc.errors()]
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})


def register_error_handlers(app: FastAPI) -> None:
    # Starlette types handlers as taking any Exception; each is registered for its own class only.
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
