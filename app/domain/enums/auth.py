"""Enumerations of the authentication domain, spelled exactly as in the API contract."""

from enum import StrEnum


class TokenType(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"


class RevokeReason(StrEnum):
    LOGOUT = "logout"
    REUSE = "reuse"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - a reason, not a secret
    PASSWORD_RESET = "password_reset"  # noqa: S105
