"""One use of a quota-limited action; quotas count a user's events of a kind in a time window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.enums.usage import UsageKind
from app.domain.time import utc_now


@dataclass(eq=False)
class UsageEvent:
    id: str
    user_id: int
    kind: UsageKind
    created_at: datetime = field(default_factory=utc_now)
