"""Typed application errors. Pure Python, so the domain may raise them; one handler renders them."""

from __future__ import annotations


class AppError(Exception):
    """An error answered as `{"detail": ..., "code": ...}` with `status_code`."""

    status_code = 400
    code = "bad_request"
    detail = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail = detail or type(self).detail
        self.code = code or type(self).code
        self.headers = headers or {}
        super().__init__(self.detail)


class BadRequestError(AppError):
    """A request that is well formed but conflicts with the stored state (400)."""


class EmailTakenError(BadRequestError):
    code = "email_taken"
    detail = "An account with this email already exists"


class InvalidCurrentPasswordError(BadRequestError):
    code = "invalid_current_password"
    detail = "The current password is not correct"


class InvalidResetTokenError(BadRequestError):
    code = "invalid_reset_token"
    detail = "The reset token is unknown, used or expired"


class InvalidTransitionError(BadRequestError):
    code = "invalid_transition"
    detail = "This application-status change is not allowed"


class UrlNotAllowedError(BadRequestError):
    code = "url_not_allowed"
    detail = "Only public http and https addresses can be fetched"


class UrlFetchFailedError(BadRequestError):
    code = "url_fetch_failed"
    detail = "The page could not be fetched"


class AuthenticationError(AppError):
    """401: always answered with `WWW-Authenticate: Bearer`."""

    status_code = 401
    code = "invalid_token"
    detail = "Could not validate credentials"

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        super().__init__(detail, code=code, headers={"WWW-Authenticate": "Bearer"})


class NotAuthenticatedError(AuthenticationError):
    code = "not_authenticated"
    detail = "Not authenticated"


class InvalidTokenError(AuthenticationError):
    code = "invalid_token"
    detail = "Invalid token"


class TokenExpiredError(AuthenticationError):
    code = "token_expired"
    detail = "Token has expired"


class TokenRevokedError(AuthenticationError):
    code = "token_revoked"
    detail = "Token has been revoked"


class WrongTokenTypeError(AuthenticationError):
    code = "wrong_token_type"
    detail = "Wrong token type"


class RefreshTokenReusedError(AuthenticationError):
    code = "refresh_token_reused"
    detail = "Refresh token was already used; the session has been revoked"


class AccountInactiveError(AuthenticationError):
    code = "account_inactive"
    detail = "Account is inactive"


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"
    detail = "Incorrect email or password"


class NotFoundError(AppError):
    """404 `<resource>_not_found`; the same body for unknown ids and other users' resources."""

    status_code = 404
    code = "not_found"
    detail = "Not found"

    def __init__(self, resource: str | None = None) -> None:
        if resource is None:
            super().__init__()
        else:
            label = resource.replace("_", " ").capitalize()
            super().__init__(f"{label} not found", code=f"{resource}_not_found")


class PayloadTooLargeError(AppError):
    status_code = 413
    code = "payload_too_large"
    detail = "Request body is too large"


class RateLimitedError(AppError):
    """429 with `Retry-After` in whole seconds."""

    status_code = 429
    code = "rate_limited"
    detail = "Too many requests"

    def __init__(self, retry_after_s: int, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})


class QuotaExceededError(RateLimitedError):
    code = "quota_exceeded"
    detail = "Quota exceeded"


class FileTooLargeError(AppError):
    status_code = 413
    code = "file_too_large"
    detail = "The file is too large"


class UnsupportedFileTypeError(AppError):
    status_code = 415
    code = "unsupported_file_type"
    detail = "Only plain-text .txt and .md files are accepted"


class UnsupportedMediaTypeError(AppError):
    status_code = 415
    code = "unsupported_media_type"
    detail = "The request body must be JSON (Content-Type: application/json)"


class InvalidEncodingError(BadRequestError):
    code = "invalid_encoding"
    detail = "The file is not valid UTF-8 text"


class EmptyFileError(BadRequestError):
    code = "empty_file"
    detail = "The file has no text"


class PrimaryProfileDeleteError(BadRequestError):
    code = "primary_profile_delete"
    detail = "The primary profile cannot be deleted while the user has other profiles"


class UnprocessableError(AppError):
    """422 for a request that is well formed but breaks a rule only checked on the merged state."""

    status_code = 422
    code = "unprocessable"
    detail = "The request cannot be processed"


class InvalidDatesError(UnprocessableError):
    code = "invalid_dates"
    detail = "The dates are not consistent"


class CustomFieldsLimitError(UnprocessableError):
    code = "custom_fields_limit"
    detail = "A profile has at most 100 custom fields"


class InvalidJsonResumeError(UnprocessableError):
    code = "invalid_json_resume"
    detail = "The document is not a valid JSON Resume"
