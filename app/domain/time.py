"""Time helpers shared by entities: every timestamp in the domain is timezone-aware UTC."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
