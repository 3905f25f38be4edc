"""Field types of the profile API: trimmed optional text, dates, URLs, string lists, JSON maps.

Each rule a validator enforces is also declared in the OpenAPI document (`Declared`, `AlsoNull`),
so a client generated from it neither sends what the server refuses nor refuses to send what the
server takes, as far as JSON Schema can say it (trimming, for one, it cannot).
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from app.domain.entities.profile import MAX_CUSTOM_FIELD_KEY, MAX_CUSTOM_FIELDS, SECTION_ITEMS_CEILING
from app.domain.profile_dates import normalize_date
from app.presentation.routing import MAX_JSON_DEPTH
from app.presentation.schemas.profile_urls import web_address

URL_MAX = 500
# Lists of strings inside one item (achievements, technologies, honors, highlights ...).
ITEM_LIST_MAX = 50
SKILL_NAME_MAX = 100
SUMMARY_MAX = 2000


class Declared:
    """JSON Schema keywords for a rule that a validator enforces, which pydantic cannot derive; a
    keyword given as None is removed (a `format` the rule does not keep to)."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = {**handler(core_schema), **self.keywords}
        return {key: value for key, value in schema.items() if value is not None}


class AlsoNull:
    """Declares null as accepted too, where a before-validator reads it as the empty value."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [handler(core_schema), {"type": "null"}]}


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# Profile dates: what app/domain/profile_dates.py reads (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or a
# timestamp, years 1900-2100), spelled so that ECMA-262, Python and Rust read the pattern alike
# (`[0-9]`, not `\d`, which Python lets match other scripts' digits). The server checks this very
# pattern before it reads the date; only impossible days (`2023-02-30`) are left to the reading.
_SPACE = r"[ \t\n\r]*"
_DATE_SYNTAX = (
    "(?:19[0-9]{2}|20[0-9]{2}|2100)"
    "(?:-(?:0[1-9]|1[0-2])"
    "(?:-(?:0[1-9]|[12][0-9]|3[01])"
    "(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
    ")?)?"
)
DATE_MAX = 64
DATE_PATTERN = f"^{_SPACE}{_DATE_SYNTAX}{_SPACE}$"
OPTIONAL_DATE_PATTERN = f"^{_SPACE}(?:{_DATE_SYNTAX}{_SPACE})?$"
_DATE = re.compile(f"{_SPACE}{_DATE_SYNTAX}{_SPACE}")
_BLANK = re.compile(_SPACE)
_DATE_HELP = "A date: YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 timestamp (its calendar date is kept)"


def _date(value: object) -> object:
    if not isinstance(value, str):
        return value  # the string schema refuses it
    if len(value) > DATE_MAX or not _DATE.fullmatch(value):
        raise ValueError("must be a date: YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 timestamp")
    return normalize_date(value)


def _optional_date(value: object) -> object:
    return None if isinstance(value, str) and _BLANK.fullmatch(value) else _date(value)


def _url(value: str) -> str:
    return web_address(value, max_length=URL_MAX)


def _none_to_list(value: object) -> object:
    return [] if value is None else value


def _drop_empty(items: list[str]) -> list[str]:
    return [item for item in items if item]


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


# String lists: at most so many items of at most so many characters each; items trimmed, empty ones
# dropped (after counting), null read as an empty list.
Items100 = Annotated[
    list[Annotated[str, StringConstraints(max_length=100)]],
    Field(max_length=ITEM_LIST_MAX),
    AfterValidator(_drop_empty),
    NoneAsList,
    AlsoNull(),
]
Items500 = Annotated[
    list[Annotated[str, StringConstraints(max_length=500)]],
    Field(max_length=ITEM_LIST_MAX),
    AfterValidator(_drop_empty),
    NoneAsList,
    AlsoNull(),
]

# A list of profile items or skills in one body: declared (maxItems) and refused past the ceiling of
# PROFILE_MAX_ITEMS_PER_SECTION; the service holds each stored list to the setting (422 too_many_items).
SectionItems = Field(max_length=SECTION_ITEMS_CEILING)
SkillList = Annotated[
    list[Annotated[str, StringConstraints(max_length=SKILL_NAME_MAX)]],
    SectionItems,
    AfterValidator(_drop_empty),
    NoneAsList,
    AlsoNull(),
]

# A date in, `YYYY-MM-DD` out (see normalize_date); optional dates take a blank string as null.
Date = Annotated[
    str,
    BeforeValidator(_date),
    Declared(pattern=DATE_PATTERN, maxLength=DATE_MAX, description=_DATE_HELP),
]
OptionalDate = Annotated[
    Annotated[str, Declared(pattern=OPTIONAL_DATE_PATTERN, maxLength=DATE_MAX)] | None,
    BeforeValidator(_optional_date),
    Declared(description=f"{_DATE_HELP}; null or blank: none"),
]
OptionalUrl = Annotated[
    Annotated[
        str,
        AfterValidator(_url),
        Declared(
            format="iri-reference",
            maxLength=URL_MAX,
            description="An http(s) URL; without a scheme, https:// goes in front (example.com/x). "
            "Non-ASCII characters are percent-encoded.",
        ),
    ]
    | None,
    BeforeValidator(_blank_to_none),
]
Flag = Annotated[bool, BeforeValidator(lambda value: False if value is None else value), AlsoNull()]


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


CustomFields = Annotated[
    dict[str, Any],
    AfterValidator(_check_custom_fields),
    Declared(
        maxProperties=MAX_CUSTOM_FIELDS,
        propertyNames={"minLength": 1, "maxLength": MAX_CUSTOM_FIELD_KEY},
        description=f"At most {MAX_CUSTOM_FIELDS} fields named by 1 to {MAX_CUSTOM_FIELD_KEY} characters; "
        f"values are any JSON (no NaN or Infinity), nested as deep as the body allows: a request body "
        f"is refused (422 json_too_deep) past {MAX_JSON_DEPTH} levels of arrays and objects.",
    ),
]
