"""URL intake against a loopback server the test starts: limits, redirects, refused addresses."""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from functools import cache
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any

import pytest
import trustme

from app.domain.errors import UrlFetchFailedError, UrlNotAllowedError
from app.infrastructure.adapters.job_pages.http_fetcher import (
    FetchLimits,
    HttpJobPageFetcher,
    is_public_address,
)
from tests.helpers import free_port
from tests.loopback import CannedPage, LoopbackServer, loopback_server

Factory = Callable[..., HttpJobPageFetcher]
POSTING_HTML = b"""<html><body><main><h1>Registered Nurse</h1><p>St. Anne's Medical Center</p>
<p>Denver, CO</p><h2>Requirements</h2><ul><li>BLS certification</li></ul></main></body></html>"""


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as loopback:
        yield loopback


@pytest.fixture
async def make_fetcher() -> AsyncIterator[Factory]:
    made: list[HttpJobPageFetcher] = []

    def make(**options: Any) -> HttpJobPageFetcher:
        limits = options.pop("limits", FetchLimits(connect_timeout_s=2, total_timeout_s=5))
        options.setdefault("allow_private", True)
        made.append(HttpJobPageFetcher(limits=limits, **options))
        return made[-1]

    yield make
    for fetcher in made:
        await fetcher.aclose()


def resolver(table: dict[str, list[str]]) -> Callable[[str, int], Any]:
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


async def test_a_page_is_fetched_and_reduced_to_text(server: LoopbackServer, make_fetcher: Factory):
    server.pages["/job"] = CannedPage(POSTING_HTML)
    page = await make_fetcher().fetch(server.url("/job"))
    assert page.text.splitlines()[:3] == ["Registered Nurse", "", "St. Anne's Medical Center"]
    assert "- BLS certification" in page.text
    assert page.posting is None
    assert server.requests == [("/job", server.base_url.removeprefix("http://"))]


async def test_plain_text_pages_and_their_charset_are_read(server: LoopbackServer, make_fetcher: Factory):
    server.pages["/t"] = CannedPage(
        "Café manager\nCrème Co".encode("latin-1"), content_type="text/plain; charset=latin-1"
    )
    assert (await make_fetcher().fetch(server.url("/t"))).text == "Café manager\nCrème Co"


@pytest.mark.parametrize(
    "charset",
    [
        "foo",  # unknown
        "rot13",  # a codec, but text to text
        "base64",  # codecs from bytes to bytes, not text encodings
        "zlib",
        "hex",
        "uu",
        "idna",  # text encodings that are no page charset: they refuse "replace" or anything non-ASCII
        "punycode",
        "undefined",
        "unicode_escape",
        "utf-7",  # not a web encoding (WHATWG): browsers ignore the label too
    ],
)
async def test_a_charset_that_is_no_text_encoding_falls_back_to_utf_8(
    server: LoopbackServer, make_fetcher: Factory, charset: str
):
    body = "<p>Café manager \\N{BULLET} Crème Co".encode() + b"\xff</p>"
    server.pages["/odd"] = CannedPage(body, content_type=f"text/html; charset={charset}")
    page = await make_fetcher().fetch(server.url("/odd"))
    assert page.text == "Café manager \\N{BULLET} Crème Co\ufffd"


async def test_utf_16_with_an_odd_byte_count_ends_in_a_replacement_character(
    server: LoopbackServer, make_fetcher: Factory
):
    server.pages["/u16"] = CannedPage(
        "Zoë".encode("utf-16") + b"!", content_type="text/plain; charset=utf-16"
    )
    assert (await make_fetcher().fetch(server.url("/u16"))).text == "Zoë\ufffd"


async def test_the_json_ld_job_posting_comes_with_the_page(server: LoopbackServer, make_fetcher: Factory):
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "ICU Nurse",
        "description": "<p>Care</p>",
    }
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    server.pages["/ld"] = CannedPage(f"<html><head>{script}</head><body>x</body></html>".encode())
    page = await make_fetcher().fetch(server.url("/ld"))
    assert page.posting is not None
    assert (page.posting["title"], page.posting["description"]) == ("ICU Nurse", "Care")


async def test_redirects_are_followed_up_to_five(server: LoopbackServer, make_fetcher: Factory):
    for hop in range(5):
        server.pages[f"/r{hop}"] = CannedPage(status=302, headers={"Location": f"/r{hop + 1}"})
    server.pages["/r5"] = CannedPage(POSTING_HTML)
    page = await make_fetcher().fetch(server.url("/r0"))
    assert page.url == server.url("/r5")
    server.pages["/r5"] = CannedPage(status=301, headers={"Location": "/r6"})
    with pytest.raises(UrlFetchFailedError, match="redirected more than 5 times"):
        await make_fetcher().fetch(server.url("/r0"))


async def test_a_redirect_to_a_refused_address_is_refused(server: LoopbackServer, make_fetcher: Factory):
    # Only this loopback server is let through; every other address gets the real public-only check.
    def allowed(address: IPv4Address | IPv6Address) -> bool:
        return address == ip_address("127.0.0.1") or is_public_address(address)

    server.pages["/go"] = CannedPage(status=302, headers={"Location": "http://intranet.test/admin"})
    fetcher = make_fetcher(
        allow_private=False,
        address_allowed=allowed,
        resolve=resolver({"intranet.test": ["10.1.2.3"]}),
    )
    with pytest.raises(UrlNotAllowedError, match="private"):
        await fetcher.fetch(server.url("/go"))
    server.pages["/loop"] = CannedPage(status=307, headers={"Location": "http://127.0.0.2:9/"})
    with pytest.raises(UrlNotAllowedError):
        await fetcher.fetch(server.url("/loop"))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/jobs",
        "http://10.0.0.8/",
        "http://192.168.1.20/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::a9fe:a9fe]/",  # local-use NAT64: refused whatever it embeds
        "http://[2002:a9fe:a9fe::1]/",  # 6to4 of 169.254.169.254
        "http://[::ffff:0:a00:1]/",  # SIIT of 10.0.0.1
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
        "http://[fd00::1]/",
        "http://[fec0::1]/",
        "http://[2001:db8::1]/",
        "http://[::]/",
        "http://192.0.0.8/",
        "http://198.18.0.1/",
        "http://203.0.113.5/",
        "http://255.255.255.255/",
    ],
)
async def test_private_loopback_link_local_and_reserved_addresses_are_refused(
    make_fetcher: Factory, url: str
):
    with pytest.raises(UrlNotAllowedError, match="private, local or reserved") as refused:
        await make_fetcher(allow_private=False).fetch(url)
    assert type(refused.value) is UrlNotAllowedError


async def test_a_host_resolving_to_ipv6_that_embeds_a_private_ipv4_is_refused(make_fetcher: Factory):
    # The resolver is a table: nothing is looked up or contacted, the check refuses before connecting.
    fetcher = make_fetcher(
        allow_private=False,
        resolve=resolver({"nat64.test": ["64:ff9b::a9fe:a9fe"], "sixtofour.test": ["2002:7f00:1::1"]}),
    )
    for host in ("nat64.test", "sixtofour.test"):
        with pytest.raises(UrlNotAllowedError, match="private"):
            await fetcher.fetch(f"http://{host}/latest/meta-data")


async def test_a_host_with_any_private_address_is_refused(make_fetcher: Factory):
    fetcher = make_fetcher(
        allow_private=False, resolve=resolver({"mixed.test": ["93.184.216.34", "10.0.0.1"]})
    )
    with pytest.raises(UrlNotAllowedError):
        await fetcher.fetch("https://mixed.test/job")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/job", "file:///etc/passwd", "example.com/job", "http:///nohost"]
)
async def test_only_http_and_https_are_fetched(make_fetcher: Factory, url: str):
    with pytest.raises(UrlNotAllowedError):
        await make_fetcher().fetch(url)


async def test_an_unknown_host_is_a_dns_failure(make_fetcher: Factory):
    fetcher = make_fetcher(allow_private=False, resolve=resolver({}))
    with pytest.raises(UrlFetchFailedError, match=r"resolve the host nowhere\.test \(DNS\)"):
        await fetcher.fetch("https://nowhere.test/job")


async def test_a_closed_port_is_a_connection_failure(make_fetcher: Factory):
    with pytest.raises(UrlFetchFailedError, match="Could not connect"):
        await make_fetcher().fetch(f"http://127.0.0.1:{free_port()}/job")


async def test_a_slow_site_times_out(server: LoopbackServer, make_fetcher: Factory):
    server.pages["/slow"] = CannedPage(POSTING_HTML, delay_s=2)
    fetcher = make_fetcher(limits=FetchLimits(connect_timeout_s=0.2, total_timeout_s=0.3))
    with pytest.raises(UrlFetchFailedError, match="timeout"):
        await fetcher.fetch(server.url("/slow"))


@pytest.mark.parametrize("status", [404, 410, 500, 503])
async def test_an_error_status_is_a_fetch_failure_naming_it(
    server: LoopbackServer, make_fetcher: Factory, status: int
):
    server.pages["/gone"] = CannedPage(b"nope", status=status)
    with pytest.raises(UrlFetchFailedError, match=f"HTTP {status}"):
        await make_fetcher().fetch(server.url("/gone"))


@pytest.mark.parametrize("content_type", ["application/pdf", "application/json", "image/png", None])
async def test_anything_but_html_or_plain_text_is_refused(
    server: LoopbackServer, make_fetcher: Factory, content_type: str | None
):
    server.pages["/file"] = CannedPage(b"%PDF-1.7", content_type=content_type)
    with pytest.raises(UrlFetchFailedError, match="not HTML or plain text"):
        await make_fetcher().fetch(server.url("/file"))


async def test_a_body_over_2_mib_is_refused_by_its_declared_length(
    server: LoopbackServer, make_fetcher: Factory
):
    server.pages["/big"] = CannedPage(b"a" * (2 * 1024 * 1024 + 1))
    with pytest.raises(UrlFetchFailedError, match="larger than 2 MiB"):
        await make_fetcher(limits=FetchLimits()).fetch(server.url("/big"))


async def test_a_streamed_body_is_cut_off_at_the_cap(server: LoopbackServer, make_fetcher: Factory):
    server.pages["/stream"] = CannedPage(b"<p>" + b"a" * 50_000 + b"</p>", declare_length=False)
    fetcher = make_fetcher(limits=FetchLimits(max_bytes=10_000))
    with pytest.raises(UrlFetchFailedError, match="larger than 10000 bytes"):
        await fetcher.fetch(server.url("/stream"))
    server.pages["/small"] = CannedPage(b"<p>fits</p>", declare_length=False)
    assert (await fetcher.fetch(server.url("/small"))).text == "fits"


MIB = 1024 * 1024


def deflated(data: bytes, *, wrapped: bool = True) -> bytes:
    """HTTP's deflate: the zlib format, or the raw deflate stream some servers send instead."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@cache
def bomb(encoding: str) -> bytes:
    """50 MiB of zeros packed into about 50 KB."""
    zeros = bytes(50 * MIB)
    return gzip.compress(zeros) if encoding == "gzip" else deflated(zeros, wrapped=encoding == "deflate")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
async def test_a_compression_bomb_is_refused_without_being_inflated(
    server: LoopbackServer, make_fetcher: Factory, encoding: str
):
    # The server answers compressed whatever the request accepts.
    header = encoding.removeprefix("raw ")
    server.pages["/bomb"] = CannedPage(bomb(encoding), headers={"Content-Encoding": header})
    fetcher = make_fetcher(limits=FetchLimits(connect_timeout_s=2, total_timeout_s=5))
    tracemalloc.start()
    try:
        started = time.perf_counter()
        with pytest.raises(UrlFetchFailedError, match="larger than 2 MiB"):
            await fetcher.fetch(server.url("/bomb"))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MIB, f"{peak / MIB:.1f} MiB"  # the 2 MiB cap and a little, not 50 MiB
    assert elapsed < 2
    assert server.request_headers[-1]["accept-encoding"] == "identity"


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(POSTING_HTML)),
        ("x-gzip", gzip.compress(POSTING_HTML)),
        ("GZIP", gzip.compress(POSTING_HTML[:60]) + gzip.compress(POSTING_HTML[60:])),  # two members
        ("gzip", gzip.compress(POSTING_HTML) + bytes(8)),  # padding after the gzip data is ignored
        ("deflate", deflated(POSTING_HTML)),
        ("deflate", deflated(POSTING_HTML, wrapped=False)),
        ("identity", POSTING_HTML),
        ("", POSTING_HTML),
    ],
)
async def test_a_compressed_page_is_still_read(
    server: LoopbackServer, make_fetcher: Factory, encoding: str, packed: bytes
):
    server.pages["/z"] = CannedPage(packed, headers={"Content-Encoding": encoding})
    page = await make_fetcher().fetch(server.url("/z"))
    assert page.text.splitlines()[:3] == ["Registered Nurse", "", "St. Anne's Medical Center"]


async def test_the_cap_counts_the_inflated_bytes(server: LoopbackServer, make_fetcher: Factory):
    fetcher = make_fetcher(limits=FetchLimits(max_bytes=10_000))
    server.pages["/fits"] = CannedPage(
        gzip.compress(b"<p>" + b"a" * 9_993 + b"</p>"), headers={"Content-Encoding": "gzip"}
    )
    assert (await fetcher.fetch(server.url("/fits"))).text == "a" * 9_993
    server.pages["/over"] = CannedPage(
        gzip.compress(b"<p>" + b"a" * 9_994 + b"</p>"), headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(UrlFetchFailedError, match="larger than 10000 bytes"):
        await fetcher.fetch(server.url("/over"))

    # The compressed bytes count too: 20 KB of empty gzip members inflate to nothing.
    server.pages["/empty"] = CannedPage(
        gzip.compress(b"") * 1_000, headers={"Content-Encoding": "gzip"}, declare_length=False
    )
    with pytest.raises(UrlFetchFailedError, match="larger than 10000 bytes"):
        await fetcher.fetch(server.url("/empty"))


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "snappy", "gzip, gzip", "gzip, br"])
async def test_a_content_encoding_that_is_not_read_is_refused_naming_it(
    server: LoopbackServer, make_fetcher: Factory, encoding: str
):
    server.pages["/enc"] = CannedPage(b"\x1b\x00\xf8\xff", headers={"Content-Encoding": encoding})
    with pytest.raises(UrlFetchFailedError, match=f"content encoding \\({encoding}\\)") as refused:
        await make_fetcher().fetch(server.url("/enc"))
    assert type(refused.value) is UrlFetchFailedError


async def test_damaged_compressed_content_is_a_fetch_failure(server: LoopbackServer, make_fetcher: Factory):
    server.pages["/bad"] = CannedPage(b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})
    with pytest.raises(UrlFetchFailedError, match=r"could not be decompressed \(gzip\)"):
        await make_fetcher().fetch(server.url("/bad"))


TLS_HOST = "jobs.example.test"


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def serving_as(authority: trustme.CA, name: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert(name).configure_cert(context)
    return context


def trusting(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


async def test_https_goes_to_the_checked_address_and_verifies_the_named_host(
    authority: trustme.CA, make_fetcher: Factory
):
    with loopback_server(tls=serving_as(authority, TLS_HOST)) as server:
        server.pages["/job"] = CannedPage(POSTING_HTML)
        fetcher = make_fetcher(resolve=resolver({TLS_HOST: ["127.0.0.1"]}), tls=trusting(authority))
        url = f"https://{TLS_HOST}:{server.port}/job"
        page = await fetcher.fetch(url)
    assert "Registered Nurse" in page.text
    assert page.url == url
    assert server.server_names == [TLS_HOST]  # SNI names the host, not the address connected to
    assert server.requests == [("/job", f"{TLS_HOST}:{server.port}")]


async def test_https_refuses_a_certificate_made_out_to_another_host(
    authority: trustme.CA, make_fetcher: Factory
):
    with loopback_server(tls=serving_as(authority, "elsewhere.example.test")) as server:
        server.pages["/job"] = CannedPage(POSTING_HTML)
        fetcher = make_fetcher(resolve=resolver({TLS_HOST: ["127.0.0.1"]}), tls=trusting(authority))
        with pytest.raises(UrlFetchFailedError, match="Could not connect"):
            await fetcher.fetch(f"https://{TLS_HOST}:{server.port}/job")
        assert server.requests == []
