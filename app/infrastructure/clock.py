"""The real clock."""

from __future__ import annotations

from datetime import datetime

from app.domain.time import utc_now


class SystemClock:
    def now(self) -> datetime:
        return utc_now()
