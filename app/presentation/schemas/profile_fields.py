"""Field types of the profile API: trimmed optional text, dates, URLs, string lists, JSON maps."""

from __future__ import annotations

import math
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from app.domain.entities.profile import MAX_CUSTOM_FIELD_KEY, MAX_CUSTOM_FIELDS, SECTION_ITEMS_CEILING
from app.domain.profile_dates import normalize_date
from app.presentation.schemas.common import StrList

URL_MAX = 500


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _date(value: object) -> object:
    return normalize_date(value) if isinstance(value, str) else value


def _url(value: str) -> str:
    """A well-formed http(s) URL; `example.com/x` gets `https://` in front."""
    candidate = value if "://" in value else f"https://{value}"
    parts = urlsplit(candidate)
    host = parts.hostname or ""
    if (
        parts.scheme not in ("http", "https")
        or not ("." in host or host == "localhost")
        or any(char.isspace() for char in candidate)
    ):
        raise ValueError("must be a well-formed http(s) URL")
    if len(candidate) > URL_MAX:
        raise ValueError(f"must be at most {URL_MAX} characters")
    return candidate


def _none_to_list(value: object) -> object:
    return [] if value is None else value


def _check_lengths(items: list[str], *, max_length: int) -> list[str]:
    for item in items:
        if len(item) > max_length:
            raise ValueError(f"each item must be at most {max_length} characters")
    return items


NoneAsList = BeforeValidator(_none_to_list)
NoneAsEmpty = BeforeValidator(lambda value: "" if value is None else value)

# Required text: trimmed, at least one character.
Name50 = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Name100 = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Name200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text1000 = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
# Optional text: trimmed, an empty string is null.
Opt30 = Annotated[Annotated[str, StringConstraints(max_length=30)] | None, BeforeValidator(_blank_to_none)]
Opt100 = Annotated[Annotated[str, StringConstraints(max_length=100)] | None, BeforeValidator(_blank_to_none)]
Opt1000 = Annotated[
    Annotated[str, StringConstraints(max_length=1000)] | None, BeforeValidator(_blank_to_none)
]
Opt2000 = Annotated[
    Annotated[str, StringConstraints(max_length=2000)] | None, BeforeValidator(_blank_to_none)
]
# String lists: items trimmed, empty items dropped, null is an empty list.
Items100 = Annotated[StrList, AfterValidator(partial(_check_lengths, max_length=100)), NoneAsList]
Items500 = Annotated[StrList, AfterValidator(partial(_check_lengths, max_length=500)), NoneAsList]

# A list of profile items or skills in one body: declared (maxItems) and refused past the ceiling of
# PROFILE_MAX_ITEMS_PER_SECTION; the service holds each stored list to the setting (422 too_many_items).
SectionItems = Field(max_length=SECTION_ITEMS_CEILING)
SkillList = Annotated[Items100, SectionItems]

# A date in, `YYYY-MM-DD` out (see normalize_date); optional dates take "" as null.
Date = Annotated[str, BeforeValidator(_date)]
OptionalDate = Annotated[Date | None, BeforeValidator(_blank_to_none)]
OptionalUrl = Annotated[Annotated[str, AfterValidator(_url)] | None, BeforeValidator(_blank_to_none)]
Flag = Annotated[bool, BeforeValidator(lambda value: False if value is None else value)]


def check_finite(value: Any) -> Any:
    """Refuse NaN and Infinity anywhere inside a JSON value (PostgreSQL's JSONB cannot hold them)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("NaN and Infinity are not valid JSON numbers")
    if isinstance(value, dict):
        for item in value.values():
            check_finite(item)
    elif isinstance(value, list):
        for item in value:
            check_finite(item)
    return value


def _check_custom_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if len(fields) > MAX_CUSTOM_FIELDS:
        raise ValueError(f"at most {MAX_CUSTOM_FIELDS} custom fields")
    for key in fields:
        if not 1 <= len(key) <= MAX_CUSTOM_FIELD_KEY:
            raise ValueError(f"custom field names have 1 to {MAX_CUSTOM_FIELD_KEY} characters: {key!r}")
    return check_finite(fields)


CustomFields = Annotated[dict[str, Any], AfterValidator(_check_custom_fields)]
