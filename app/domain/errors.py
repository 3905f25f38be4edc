"""What can go wrong, in the domain's words. Plain Python: no status codes, no headers.

The domain, the use cases and the adapters raise these; `app/presentation/errors.py` maps each kind
to its HTTP status, error code and headers in one table.
"""

from __future__ import annotations


class DomainError(Exception):
    """A failure the client caused or may act on; `message` is shown to the user."""

    message = "The request cannot be carried out"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or type(self).message
        super().__init__(self.message)


class NotFoundError(DomainError):
    """No such resource for this user (an unknown id and another user's resource look the same)."""

    message = "Not found"

    def __init__(self, resource: str | None = None) -> None:
        self.resource = resource
        super().__init__(f"{resource.replace('_', ' ').capitalize()} not found" if resource else None)


# --- a request that conflicts with the stored state -------------------------------------------------
class ConflictError(DomainError):
    """Well formed, but it conflicts with what is stored or known."""


class EmailTakenError(ConflictError):
    message = "An account with this email already exists"


class InvalidCurrentPasswordError(ConflictError):
    message = "The current password is not correct"


class InvalidResetTokenError(ConflictError):
    message = "The reset token is unknown, used or expired"


class InvalidTransitionError(ConflictError):
    message = "This application-status change is not allowed"


class UrlNotAllowedError(ConflictError):
    message = "Only public http and https addresses can be fetched"


class UrlFetchFailedError(ConflictError):
    message = "The page could not be fetched"


class PrimaryProfileDeleteError(ConflictError):
    message = "The primary profile cannot be deleted while the user has other profiles"


class WritingSampleRequiredError(ConflictError):
    message = "Upload a writing sample first: enhancement writes in its style"


class GenerationNotCompletedError(ConflictError):
    message = "The generation has not completed"


class FormatMismatchError(ConflictError):
    message = "The body's format does not match the route"


class InvalidEncodingError(ConflictError):
    message = "The file is not valid UTF-8 text"


class EmptyFileError(ConflictError):
    message = "The file has no text"


# --- who is asking -------------------------------------------------------------------------------
class AuthenticationError(DomainError):
    """The caller could not be identified, or may no longer act."""

    message = "Could not validate credentials"


class InvalidSignatureError(AuthenticationError):
    message = "The download link is not valid or has expired"


class NotAuthenticatedError(AuthenticationError):
    message = "Not authenticated"


class InvalidTokenError(AuthenticationError):
    message = "Invalid token"


class TokenExpiredError(AuthenticationError):
    message = "Token has expired"


class TokenRevokedError(AuthenticationError):
    message = "Token has been revoked"


class WrongTokenTypeError(AuthenticationError):
    message = "Wrong token type"


class RefreshTokenReusedError(AuthenticationError):
    message = "Refresh token was already used; the session has been revoked"


class AccountInactiveError(AuthenticationError):
    message = "Account is inactive"


class InvalidCredentialsError(AuthenticationError):
    message = "Incorrect email or password"


# --- limits --------------------------------------------------------------------------------------
class RateLimitedError(DomainError):
    """Too many attempts; the caller may retry after `retry_after_s` seconds."""

    message = "Too many requests"

    def __init__(self, retry_after_s: int, message: str | None = None) -> None:
        self.retry_after_s = max(1, retry_after_s)
        super().__init__(message)


class QuotaExceededError(RateLimitedError):
    message = "Quota exceeded"


class StorageQuotaExceededError(RateLimitedError):
    message = "Storage quota exceeded"


class FileTooLargeError(DomainError):
    message = "The file is too large"


class UnsupportedFileTypeError(DomainError):
    message = "Only plain-text .txt and .md files are accepted"


# --- a rule only checked on the merged state -----------------------------------------------------
class RuleViolationError(DomainError):
    """Well formed, but the result would break a rule of the domain."""


class InvalidDatesError(RuleViolationError):
    message = "The dates are not consistent"


class CustomFieldsLimitError(RuleViolationError):
    message = "A profile has at most 100 custom fields"


class TooManyItemsError(RuleViolationError):
    message = "A profile section would hold too many items"


class InvalidJsonResumeError(RuleViolationError):
    message = "The document is not a valid JSON Resume"


# --- the service's own stores -------------------------------------------------------------------
class ServiceUnavailableError(DomainError):
    """A store every request needs (the database) cannot be reached; nothing was saved."""

    message = "The service is temporarily unavailable; try again shortly"

    def __init__(self, retry_after_s: int = 5, message: str | None = None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)


# --- the language model ---------------------------------------------------------------------------
class LlmUnavailableError(DomainError):
    """The model provider refused or failed (connection, 5xx, 429) after the bounded retries."""

    message = "The text generation service is unavailable; try again later"

    def __init__(self, retry_after_s: int = 30, message: str | None = None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)


class LlmTimeoutError(DomainError):
    """The model did not answer within LLM_TIMEOUT_S."""

    message = "The text generation service did not answer in time"


# --- queued work ------------------------------------------------------------------------------------
class QueueUnavailableError(DomainError):
    """The job queue (Redis) could not take the work; nothing of the request was kept."""

    message = "The job queue is unavailable; try again shortly"


# --- exports ---------------------------------------------------------------------------------------
class ExportExpiredError(DomainError):
    message = "The export has expired; export the document again"


class ExportNotReadyError(ConflictError):
    """A queued export whose file is not made yet (or was never made: it failed)."""

    message = "The export is not ready yet; read it again until its status is completed"


class ExportFailedError(ExportNotReadyError):
    message = "The export failed and has no file; see its error_code, and export again"


class StorageUnavailableError(DomainError):
    message = "File storage is unavailable; try again later"


class RenderFailedError(DomainError):
    message = "The document could not be rendered"
