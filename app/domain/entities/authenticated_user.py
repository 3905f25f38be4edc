"""The read model behind every authenticated request: the user's public fields and its session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AuthenticatedUser:
    """Who a valid access token speaks for, read in one query with the state of the token's session."""

    id: int
    email: str
    full_name: str
    is_active: bool
    is_verified: bool
    created_at: datetime
    updated_at: datetime
    family_id: str
    session_revoked_at: datetime | None
