"""Web pages to text, schema.org JobPosting JSON-LD found and mapped onto the parsed fields."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from app.domain.enums.job import EmploymentType
from app.domain.errors import UrlFetchFailedError
from app.domain.job_parsing.json_ld import apply_posting, posting_text
from app.domain.job_parsing.parsed_job import ParsedJob
from app.infrastructure.adapters.job_pages.body_decoding import decode_page, page_encoding
from app.infrastructure.adapters.job_pages.content_encoding import ContentDecoder
from app.infrastructure.adapters.job_pages.html_text import html_to_text, read_page


def page(body: str, *json_ld: object) -> str:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(item)}</script>' for item in json_ld)
    return f"<html><head><title>t</title>{scripts}<style>p{{}}</style></head><body>{body}</body></html>"


def test_a_page_becomes_lines_with_bullets_and_no_navigation_or_scripts():
    text, posting = read_page(
        page(
            "<nav>Home | Jobs</nav><main><h1>Senior Nurse</h1><p>Acme <b>Hospital</b><br>Denver, CO</p>"
            "<h2>Requirements</h2><ul><li>BLS</li><li>2 years   of care</li></ul></main>"
            "<footer>(c) 2026</footer>"
            "<script>var tracking = 1;</script>"
        )
    )
    assert text == "Senior Nurse\n\nAcme Hospital\nDenver, CO\n\nRequirements\n\n- BLS\n- 2 years of care"
    assert posting is None


def test_the_job_posting_is_found_inside_a_graph_and_its_description_made_plain():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Acme"},
            {
                "@type": "JobPosting",
                "title": "Nurse",
                "description": "<p>Care for <b>patients</b></p><ul><li>BLS</li></ul>",
            },
        ],
    }
    _, posting = read_page(page("<p>x</p>", {"@type": "WebSite"}, graph))
    assert posting is not None
    assert posting["title"] == "Nurse"
    assert posting["description"] == "Care for patients\n\n- BLS"


def test_a_broken_json_ld_block_is_skipped():
    broken = '<script type="application/ld+json">{not json</script>'
    assert read_page(f"<html><head>{broken}</head><body><p>Text</p></body></html>") == ("Text", None)


def test_html_escaped_once_more_is_unescaped_first():
    assert html_to_text("&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;") == "Hello world"
    assert html_to_text("Plain text\nstays as it is") == "Plain text\nstays as it is"


def test_json_ld_fields_override_what_the_text_parser_guessed():
    posting = {
        "title": "ICU Nurse",
        "hiringOrganization": {"@type": "Organization", "name": "St. Anne's"},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Denver", "addressRegion": "CO"}},
        "employmentType": ["PART_TIME"],
        "baseSalary": {"currency": "USD", "value": {"minValue": 42, "maxValue": 55, "unitText": "HOUR"}},
        "description": "Care for patients.",
        "jobBenefits": "Pension plan",
    }
    guessed = ParsedJob(title="Guess", company="Unknown company", parsed_keywords=["patient care"])
    result = apply_posting(guessed, posting)
    assert (result.title, result.company, result.location) == ("ICU Nurse", "St. Anne's", "Denver, CO")
    assert result.employment_type == EmploymentType.PART_TIME
    assert result.salary_range == "$42 - $55 per hour"
    assert result.benefits == ["Pension plan"]
    assert result.parsed_keywords == ["patient care"]
    assert posting_text(posting) == "ICU Nurse\nSt. Anne's\nCare for patients."


def test_telecommute_alone_is_remote_and_with_a_place_it_is_hybrid():
    guessed = ParsedJob(title="t")
    assert apply_posting(guessed, {"jobLocationType": "TELECOMMUTE"}).remote is True
    place = {"address": {"addressLocality": "Berlin", "addressCountry": {"name": "Germany"}}}
    hybrid = apply_posting(guessed, {"jobLocationType": "TELECOMMUTE", "jobLocation": [place]})
    assert (hybrid.remote, hybrid.location) == (False, "Berlin, Germany")


def test_unusable_json_ld_values_leave_the_parsed_ones():
    guessed = ParsedJob(title="Nurse", company="Acme", salary_range="$1 per hour")
    result = apply_posting(
        guessed,
        {"title": "  ", "hiringOrganization": 7, "baseSalary": {"currency": "JPY", "value": {"value": 5}}},
    )
    assert (result.title, result.company, result.salary_range) == ("Nurse", "Acme", "$1 per hour")


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [
        (None, "utf-8"),
        ("", "utf-8"),
        ("UTF-8", "utf-8"),
        ("Latin1", "iso8859-1"),
        ("windows-1252", "cp1252"),
        ("Shift_JIS", "shift_jis"),
        ("utf-16", "utf-16"),
        ("foo", "utf-8"),
        ("base64", "utf-8"),
        ("zlib_codec", "utf-8"),
        ("rot_13", "utf-8"),
        ("idna", "utf-8"),
        ("raw_unicode_escape", "utf-8"),
        ("utf\x00-8", "utf-8"),
        ("x" * 10_000, "utf-8"),
    ],
)
def test_only_text_encodings_for_pages_are_used_and_anything_else_is_utf_8(
    charset: str | None, encoding: str
):
    assert page_encoding(charset) == encoding


def test_decoding_replaces_what_does_not_fit_and_never_raises():
    assert decode_page(b"caf\xc3\xa9 \xff", "no-such-charset") == "café \ufffd"
    assert decode_page("Zoë".encode("utf-16") + b"!", "utf-16") == "Zoë\ufffd"
    assert decode_page(b"\x82\xa0", "shift_jis") == "\u3042"


TEXT = b"<p>Registered Nurse, St. Anne's Medical Center</p>" * 20


def packed(wbits: int, data: bytes = TEXT) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("gzip", gzip.compress(TEXT[:100]) + gzip.compress(b"") + gzip.compress(TEXT[100:])),
        ("gzip", gzip.compress(TEXT) + b"\x00" * 5),
        ("x-gzip", packed(zlib.MAX_WBITS)),  # zlib data under the gzip name
        ("deflate", packed(zlib.MAX_WBITS)),
        ("deflate", packed(-zlib.MAX_WBITS)),
        ("deflate", packed(zlib.MAX_WBITS) + b"trailing"),
        ("identity", TEXT),
        (None, TEXT),
    ],
)
def test_content_is_decoded_however_the_bytes_arrive(encoding: str | None, data: bytes):
    whole = ContentDecoder(encoding).decode(data, len(TEXT) + 1)
    assert b"".join(whole) == TEXT
    decoder = ContentDecoder(encoding)
    one_by_one = [piece for byte in data for piece in decoder.decode(bytes([byte]), len(TEXT) + 1)]
    assert b"".join(one_by_one) == TEXT


def test_decoding_yields_all_it_can_but_never_more_than_asked_for():
    large = bytes(3_000_000)
    assert (
        sum(map(len, ContentDecoder("deflate").decode(packed(zlib.MAX_WBITS, large), 5_000_000))) == 3_000_000
    )
    assert sum(map(len, ContentDecoder("gzip").decode(gzip.compress(large), 1_000_001))) == 1_000_001


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, deflate", "x" * 500])
def test_other_content_encodings_are_refused_by_name(encoding: str):
    with pytest.raises(UrlFetchFailedError, match="unsupported content encoding") as refused:
        ContentDecoder(encoding)
    assert encoding[:40] in str(refused.value)
    assert len(str(refused.value)) < 100


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_damaged_content_is_refused(encoding: str):
    with pytest.raises(UrlFetchFailedError, match=f"could not be decompressed \\({encoding}\\)"):
        ContentDecoder(encoding).decode(b"\x78\x9c" + bytes(range(256)) * 4, 10_000)
