"""Inputs and results of the auth use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.domain.entities.user import User


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    access_ttl: timedelta
    refresh_ttl: timedelta
    refresh_reuse_grace: timedelta
    reset_token_ttl: timedelta
    reset_url: str | None = None


@dataclass(frozen=True, slots=True)
class AuthResult:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User
