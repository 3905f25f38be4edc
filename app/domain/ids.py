"""Identifiers: every id but users.id is a server-made UUID v4, held as its canonical string."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())


def parse_id(value: str) -> str | None:
    """The canonical form of a UUID string, or None when `value` is not one (answered as a 404)."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        return None
