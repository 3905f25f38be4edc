"""Shared pieces later resources build on: ids, string lists, pagination."""

from __future__ import annotations

import pytest

from app.domain.ids import new_id, parse_id
from app.presentation.schemas.common import PaginationOut, Schema, StrList


class Tagged(Schema):
    tags: StrList


def test_new_ids_are_canonical_uuid4_strings():
    value = new_id()
    assert parse_id(value) == value
    assert value[14] == "4"


@pytest.mark.parametrize(
    "value", ["", "123", "mock-0123456789abcdef", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"]
)
def test_malformed_ids_parse_to_none(value: str):
    assert parse_id(value) is None


def test_ids_are_canonicalised():
    assert parse_id("0A1B2C3D-0000-4000-8000-000000000000") == "0a1b2c3d-0000-4000-8000-000000000000"


def test_string_lists_are_trimmed_and_lose_empty_items():
    assert Tagged(tags=[" python ", "", "   ", "SQL"]).tags == ["python", "SQL"]


@pytest.mark.parametrize(
    ("offset", "returned", "total", "has_more"), [(0, 20, 45, True), (40, 5, 45, False), (0, 0, 0, False)]
)
def test_has_more_is_offset_plus_returned_below_total(offset: int, returned: int, total: int, has_more: bool):
    page = PaginationOut.of(limit=20, offset=offset, total=total, returned=returned)
    assert page.model_dump() == {"limit": 20, "offset": offset, "total": total, "hasMore": has_more}
