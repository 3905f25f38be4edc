"""The one place errors become HTTP answers: `{"detail", "code"}` for everything but schema errors."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain import errors as domain

_FRAMEWORK_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


class PayloadTooLargeError(domain.DomainError):
    """Raised by the HTTP edge: the body is over MAX_BODY_BYTES."""

    message = "Request body is too large"


class UnsupportedMediaTypeError(domain.DomainError):
    """Raised by the HTTP edge: a JSON route got a body of another media type."""

    message = "The request body must be JSON (Content-Type: application/json)"


# Every kind of error and its answer; a kind not listed takes its nearest listed base class's.
# A NotFoundError naming its resource answers `<resource>_not_found`.
ANSWERS: dict[type[domain.DomainError], tuple[int, str]] = {
    domain.DomainError: (400, "bad_request"),
    domain.NotFoundError: (404, "not_found"),
    domain.EmailTakenError: (400, "email_taken"),
    domain.InvalidCurrentPasswordError: (400, "invalid_current_password"),
    domain.InvalidResetTokenError: (400, "invalid_reset_token"),
    domain.InvalidTransitionError: (400, "invalid_transition"),
    domain.UrlNotAllowedError: (400, "url_not_allowed"),
    domain.UrlFetchFailedError: (400, "url_fetch_failed"),
    domain.PrimaryProfileDeleteError: (400, "primary_profile_delete"),
    domain.InvalidEncodingError: (400, "invalid_encoding"),
    domain.WritingSampleRequiredError: (400, "writing_sample_required"),
    domain.GenerationNotCompletedError: (400, "generation_not_completed"),
    domain.EmptyFileError: (400, "empty_file"),
    domain.AuthenticationError: (401, "invalid_token"),
    domain.NotAuthenticatedError: (401, "not_authenticated"),
    domain.InvalidTokenError: (401, "invalid_token"),
    domain.TokenExpiredError: (401, "token_expired"),
    domain.TokenRevokedError: (401, "token_revoked"),
    domain.WrongTokenTypeError: (401, "wrong_token_type"),
    domain.RefreshTokenReusedError: (401, "refresh_token_reused"),
    domain.AccountInactiveError: (401, "account_inactive"),
    domain.InvalidCredentialsError: (401, "invalid_credentials"),
    domain.RateLimitedError: (429, "rate_limited"),
    domain.QuotaExceededError: (429, "quota_exceeded"),
    domain.FileTooLargeError: (413, "file_too_large"),
    domain.UnsupportedFileTypeError: (415, "unsupported_file_type"),
    domain.RuleViolationError: (422, "unprocessable"),
    domain.InvalidDatesError: (422, "invalid_dates"),
    domain.CustomFieldsLimitError: (422, "custom_fields_limit"),
    domain.TooManyItemsError: (422, "too_many_items"),
    domain.InvalidJsonResumeError: (422, "invalid_json_resume"),
    domain.FormatMismatchError: (400, "format_mismatch"),
    domain.InvalidSignatureError: (401, "invalid_signature"),
    domain.StorageQuotaExceededError: (429, "storage_quota_exceeded"),
    domain.ExportExpiredError: (410, "export_expired"),
    domain.ExportNotReadyError: (409, "export_not_ready"),
    domain.ExportFailedError: (409, "export_failed"),
    domain.StorageUnavailableError: (503, "storage_unavailable"),
    domain.RenderFailedError: (500, "render_failed"),
    domain.LlmUnavailableError: (503, "llm_unavailable"),
    domain.ServiceUnavailableError: (503, "service_unavailable"),
    domain.LlmTimeoutError: (504, "llm_timeout"),
    domain.QueueUnavailableError: (503, "queue_unavailable"),
    PayloadTooLargeError: (413, "payload_too_large"),
    UnsupportedMediaTypeError: (415, "unsupported_media_type"),
}


def answer_for(error: domain.DomainError) -> tuple[int, dict[str, str], dict[str, str]]:
    """Status, body and headers for `error`."""
    status, code = next(ANSWERS[kind] for kind in type(error).__mro__ if kind in ANSWERS)
    if isinstance(error, domain.NotFoundError) and error.resource:
        code = f"{error.resource}_not_found"
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(
        error, domain.RateLimitedError | domain.LlmUnavailableError | domain.ServiceUnavailableError
    ):
        headers["Retry-After"] = str(error.retry_after_s)
    return status, {"detail": error.message, "code": code}, headers


async def _domain_error(_request: Request, exc: domain.DomainError) -> JSONResponse:
    status, body, headers = answer_for(exc)
    return JSONResponse(status_code=status, content=body, headers=headers)


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
    app.add_exception_handler(domain.DomainError, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
