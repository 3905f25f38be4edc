"""The declared patterns and formats of the profile and job fields say what the server accepts."""

from __future__ import annotations

import random
import re
from datetime import date
from functools import cache
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from app.presentation.schemas.job import TIMESTAMP_MAX, TIMESTAMP_PATTERN, JobUpdate
from app.presentation.schemas.profile_fields import (
    DATE_MAX,
    DATE_PATTERN,
    OPTIONAL_DATE_PATTERN,
    Date,
    OptionalDate,
)
from app.presentation.schemas.profile_urls import http_uri, web_address

jsonschema_rs = pytest.importorskip("jsonschema_rs")  # the validator schemathesis judges answers with

ACCEPTED_DATES = [
    "2020-03-15",
    "2020-03",
    "2020",
    "1900",
    "2100-12-31",
    "2019-03-01T00:00:00.000",
    "2019-03-01 23:59",
    "2019-03-01T10:20:30Z",
    "2019-03-01T10:20:30.123456+02:00",
    "2019-03-01T10:20-0530",
    "  2020-03-15\n",
]
REFUSED_DATES = [
    "",
    "1899-12-31",
    "2101",
    "2020-13",
    "2020-00",
    "2020-1-5",
    "20200315",
    "yesterday",
    "2020/03/15",
    "2020-03-15T",
    "2020-03-15T10",
    "2020-03-15t10:20",
    "2020-03-15T10:20+2",
    "\u0662\u0660\u0662\u0660",  # Arabic-Indic digits: Python's `\d` took them, the pattern does not
    "\u00a02020",
    "2020-03-15" + " " * DATE_MAX,
]


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _accepts(annotation: Any, value: object) -> bool:
    try:
        _adapter(annotation).validate_python(value)
    except ValidationError:
        return False
    return True


def _matches(pattern: str, value: str) -> bool:
    return bool(jsonschema_rs.Draft202012Validator({"pattern": pattern}).is_valid(value))


@pytest.mark.parametrize("value", ACCEPTED_DATES)
def test_accepted_dates_match_the_declared_pattern(value: str):
    assert _accepts(Date, value)
    assert _matches(DATE_PATTERN, value)
    assert re.search(DATE_PATTERN, value)
    assert len(value) <= DATE_MAX


@pytest.mark.parametrize("value", REFUSED_DATES)
def test_refused_dates_do_not_match_it(value: str):
    assert not _accepts(Date, value)
    assert not (_matches(DATE_PATTERN, value) and len(value) <= DATE_MAX)


def test_only_impossible_days_match_the_pattern_and_are_refused():
    for value in ("2023-02-29", "2023-04-31", "2100-02-29"):
        assert _matches(DATE_PATTERN, value)
        assert not _accepts(Date, value)


@pytest.mark.parametrize("value", ["", "   ", "\t\n", None])
def test_an_optional_date_takes_blank_and_null_as_none_as_declared(value: str | None):
    assert TypeAdapter(OptionalDate).validate_python(value) is None
    assert value is None or _matches(OPTIONAL_DATE_PATTERN, value)


def test_random_strings_are_accepted_exactly_when_they_match_a_real_date():
    generator = random.Random(20261202)
    years = ["1899", "1900", "2020", "2100", "2101", "0020", "202", ""]
    tokens = ["-", "-", "01", "02", "12", "13", "00", "29", "31", "32", "T", " ", ":", "45", "60", "Z"]
    tokens += ["+02:00", "-0530", "+2", ".5", ".", "\t", "\n", "x", "\u0662"]
    accepted_count = 0
    for _ in range(20_000):
        picked = [generator.choice(tokens) for _ in range(generator.randint(0, 9))]
        value = generator.choice(years) + "".join(picked)
        declared = _matches(OPTIONAL_DATE_PATTERN, value) and len(value) <= DATE_MAX
        accepted = _accepts(OptionalDate, value)
        accepted_count += accepted
        assert accepted <= declared, value  # the schema never refuses what the server takes
        if declared and not accepted:  # and the server refuses only days no calendar has
            year, month, day = value.strip()[:10].split("-")
            with pytest.raises(ValueError, match="day is out of range"):
                date(int(year), int(month), int(day))
    assert accepted_count > 500


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2024-05-01", True),
        ("2024-05-01T10:20", True),
        ("2024-05-01 10:20:30.123456789Z", True),
        ("2024-05-01T10:20:30,5+02:00", True),
        ("2024-05-01t10:20:30z", True),
        ("20240501", False),  # the reader took it for a unix time: 1970-08-23
        ("1714557600", False),
        ("2024-05-01T24:00", False),
        ("2024-05-01T10:20:30+02", False),
        ("0000-01-01", False),
        (" 2024-05-01", False),
    ],
)
def test_applied_date_is_accepted_exactly_when_it_matches_the_declared_pattern(value: str, accepted: bool):
    assert _accepts_applied_date(value) is accepted
    assert (_matches(TIMESTAMP_PATTERN, value) and len(value) <= TIMESTAMP_MAX) is accepted


def test_applied_date_refuses_a_number():
    assert not _accepts_applied_date(1714557600)


def _accepts_applied_date(value: object) -> bool:
    try:
        JobUpdate.model_validate({"applied_date": value})
    except ValidationError:
        return False
    return True


URI = jsonschema_rs.Draft202012Validator({"format": "uri"}, validate_formats=True)
IRI_REFERENCE = jsonschema_rs.Draft202012Validator({"format": "iri-reference"}, validate_formats=True)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("https://example.com/x", "https://example.com/x"),
        ("example.com/x", "https://example.com/x"),
        ("HTTP://Example.com:8080/a?b=c#d", "HTTP://Example.com:8080/a?b=c#d"),
        ("localhost:8080/x", "https://localhost:8080/x"),
        ("linkedin.com/in/josé", "https://linkedin.com/in/jos%C3%A9"),
        ("https://例え.jp/パス", "https://%E4%BE%8B%E3%81%88.jp/%E3%83%91%E3%82%B9"),
        ("https://example.com/a%20b?u=http://x.y", "https://example.com/a%20b?u=http://x.y"),
        ("example.com/x?next=https://other.org", "https://example.com/x?next=https://other.org"),
    ],
)
def test_links_are_stored_as_uris(sent: str, stored: str):
    assert web_address(sent, max_length=500) == stored
    assert URI.is_valid(stored)
    assert IRI_REFERENCE.is_valid(sent)


@pytest.mark.parametrize(
    "sent",
    [
        "not a url",
        "ftp://example.com/x",
        "https://exa mple.com",
        "https://example.com/<script>",
        "https://example.com/a|b",
        "https://example.com/{x}",
        "https://example.com/%zz",
        "https://example.com/#a#b",
        "https://example.com/[x]",
        "https://example.com:80x/",
        "https://[nope]/",
        "https://example/x",
        "1.2.3.4:80/x",
        "https://example.com/\ue000",
    ],
)
def test_malformed_links_are_refused(sent: str):
    with pytest.raises(ValueError, match="well-formed"):
        web_address(sent, max_length=500)


def test_a_link_is_measured_as_stored():
    assert web_address("a.io/" + "x" * 487, max_length=500)
    with pytest.raises(ValueError, match="at most 500"):
        web_address("a.io/" + "x" * 488, max_length=500)  # https:// makes it 501


def test_random_links_are_stored_as_uris_and_were_sent_as_iri_references():
    generator = random.Random(7)
    pieces = [
        *"abcXZ09.-_~:/?#[]@!$&'()*+,;=%<>|{} é例",
        "http://",
        "https://",
        "%41",
        ".com",
        ":80",
        "[::1]",
    ]
    accepted = 0
    for _ in range(20_000):
        sent = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        try:
            stored = web_address(sent, max_length=500)
        except ValueError:
            continue
        accepted += 1
        assert URI.is_valid(stored), (sent, stored)
        assert IRI_REFERENCE.is_valid(sent), sent
    assert accepted > 100


def test_a_job_url_with_an_http_scheme_is_stored_as_a_uri():
    assert http_uri("https://example.com/jobs/ü") == "https://example.com/jobs/%C3%BC"
    with pytest.raises(ValueError, match="well-formed"):
        http_uri("https://example.com/jobs/a b")
