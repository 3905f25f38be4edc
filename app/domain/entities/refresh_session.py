"""One issued access/refresh pair inside a login's session family."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.enums.auth import RevokeReason
from app.domain.time import utc_now


@dataclass(eq=False)
class RefreshSession:
    jti: str
    family_id: str
    user_id: int
    access_jti: str
    issued_at: datetime
    expires_at: datetime
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
    created_at: datetime = field(default_factory=utc_now)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def rotate(self, *, now: datetime) -> None:
        self.rotated_at = now

    def revoke(self, reason: RevokeReason, *, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
            self.revoke_reason = reason.value

    def reuse_is_within_grace(self, *, now: datetime, grace: timedelta) -> bool:
        """A rotated token presented again shortly after rotation is a concurrent refresh, not theft."""
        return self.rotated_at is not None and now - self.rotated_at <= grace
