"""Profile dates: `YYYY-MM-DD` strings, also read from `YYYY-MM`, `YYYY` or an ISO timestamp."""

from __future__ import annotations

import re
from datetime import date

MIN_YEAR = 1900
MAX_YEAR = 2100

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def normalize_date(value: str) -> str:
    """The `YYYY-MM-DD` form of `value` (missing parts are `01`); ValueError when it is no date.

    A timestamp keeps the calendar date it was written with: its time and offset are dropped, so a
    client sending local midnight never sees the day before.
    """
    text = value.strip()
    stamp = _TIMESTAMP.fullmatch(text)
    if stamp:
        text = stamp.group(1)
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError("must be a date: YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 timestamp")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return parsed.isoformat()


def date_range_problem(
    start: str | None, end: str | None, *, current: bool, current_name: str = "is_current"
) -> str | None:
    """Why a start/end pair is not acceptable (end before start, an end on a current item), or None."""
    if current and end is not None:
        return f"end date must be empty when {current_name} is true"
    if start is not None and end is not None and end < start:  # ISO strings order like dates
        return "end date must not be before the start date"
    return None
