"""The user account and the rules on its credentials."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.time import utc_now

PASSWORD_MIN_BYTES = 8
PASSWORD_MAX_BYTES = 72  # bcrypt ignores everything past 72 bytes: refuse rather than truncate


def normalize_email(email: str) -> str:
    """Emails are unique case-insensitively: store and compare them trimmed and lower-cased."""
    return email.strip().lower()


def password_length_problem(password: str) -> str | None:
    """Why `password` is not an acceptable new password, or None when it is."""
    size = len(password.encode("utf-8"))
    if size < PASSWORD_MIN_BYTES:
        return f"Password must be at least {PASSWORD_MIN_BYTES} bytes long"
    if size > PASSWORD_MAX_BYTES:
        return f"Password must be at most {PASSWORD_MAX_BYTES} bytes long in UTF-8 (bcrypt's limit)"
    return None


def exceeds_password_limit(password: str) -> bool:
    return len(password.encode("utf-8")) > PASSWORD_MAX_BYTES


@dataclass(eq=False)
class User:
    email: str
    password_hash: str
    full_name: str
    is_active: bool = True
    is_verified: bool = False
    password_changed_at: datetime | None = None
    id: int | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    def change_password_hash(self, password_hash: str, *, now: datetime) -> None:
        self.password_hash = password_hash
        self.password_changed_at = now
        self.updated_at = now
