"""A single-use password reset token; only its SHA-256 digest is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.time import utc_now


@dataclass(eq=False)
class PasswordResetToken:
    id: str
    user_id: int
    token_hash: str
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = field(default_factory=utc_now)

    def is_usable(self, *, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at

    def consume(self, *, now: datetime) -> None:
        self.used_at = now
