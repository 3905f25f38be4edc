"""Signed download links (contract §7.2): they open until they expire, and only as they were signed."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from app.domain.errors import InvalidSignatureError
from app.domain.interfaces.download_links import DownloadLinks
from app.infrastructure.adapters.storage import download_signer
from app.infrastructure.adapters.storage.download_signer import DownloadSigner

SECRET = "test-only-secret-with-enough-length-0123456789"
EXPORT_ID = "6f1c2a4e-8d0b-4c47-9a51-2b7f3c9e0d18"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def make_signer(ttl_s: int = 3600) -> DownloadSigner:
    return DownloadSigner(SECRET, ttl_s)


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_the_url_is_the_contract_path_with_expiry_and_hmac_sha256_signature():
    links: DownloadLinks = make_signer()
    url, expires_at = links.url("https://api.jobwise.example/", EXPORT_ID, now=NOW)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "https://api.jobwise.example"
    assert parts.path == f"/api/v1/exports/files/{EXPORT_ID}/download"
    query = query_of(url)
    expires = int(NOW.timestamp()) + 3600
    assert query["expires"] == str(expires)
    assert expires_at == NOW + timedelta(seconds=3600)
    expected = hmac.new(SECRET.encode(), f"{EXPORT_ID}.{expires}".encode(), hashlib.sha256).hexdigest()
    assert query["sig"] == expected


def test_a_link_opens_until_it_expires():
    signer = make_signer(ttl_s=60)
    url, _ = signer.url("http://testserver", EXPORT_ID, now=NOW)
    query = query_of(url)
    signer.verify(EXPORT_ID, expires=query["expires"], sig=query["sig"], now=NOW)
    signer.verify(EXPORT_ID, expires=int(query["expires"]), sig=query["sig"], now=NOW + timedelta(seconds=59))
    with pytest.raises(InvalidSignatureError):
        signer.verify(EXPORT_ID, expires=query["expires"], sig=query["sig"], now=NOW + timedelta(seconds=60))


def test_a_link_signed_with_another_secret_is_refused():
    expires, sig = DownloadSigner("another-secret-of-enough-length-0123456789", 3600).sign(EXPORT_ID, NOW)
    with pytest.raises(InvalidSignatureError):
        make_signer().verify(EXPORT_ID, expires=expires, sig=sig, now=NOW)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda i, e, s: ("7" + i[1:], e, s), id="another export"),
        pytest.param(lambda i, e, s: (i, str(int(e) + 3600), s), id="later expiry"),
        pytest.param(lambda i, e, s: (i, e, s[:-1] + ("0" if s[-1] != "0" else "1")), id="one sig digit"),
        pytest.param(lambda i, e, s: (i, e, s.upper()), id="sig in upper case"),
        pytest.param(lambda i, e, s: (i, e, s[:32]), id="truncated sig"),
        pytest.param(lambda i, e, s: (i, e, s + "00"), id="longer sig"),
        pytest.param(lambda i, e, s: (i, e, "é" * 64), id="non-ascii sig"),
        pytest.param(lambda i, e, s: (i, e, ""), id="empty sig"),
        pytest.param(lambda i, e, s: (i, e, None), id="missing sig"),
        pytest.param(lambda i, e, s: (i, None, s), id="missing expiry"),
        pytest.param(lambda i, e, s: (i, "", s), id="empty expiry"),
        pytest.param(lambda i, e, s: (i, "-" + e, s), id="negative expiry"),
        pytest.param(lambda i, e, s: (i, -int(e), s), id="negative int expiry"),
        pytest.param(lambda i, e, s: (i, e + ".0", s), id="decimal expiry"),
        pytest.param(lambda i, e, s: (i, "١٢٣", s), id="non-ascii digits"),
        pytest.param(lambda i, e, s: (i, "9" * 5000, s), id="huge expiry"),
    ],
)
def test_a_tampered_or_incomplete_link_is_refused(tamper):
    signer = make_signer()
    expires, sig = signer.sign(EXPORT_ID, NOW)
    export_id, tampered_expires, tampered_sig = tamper(EXPORT_ID, str(expires), sig)
    with pytest.raises(InvalidSignatureError):
        signer.verify(export_id, expires=tampered_expires, sig=tampered_sig, now=NOW)


def test_signatures_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch):
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(download_signer.hmac, "compare_digest", spy)
    signer = make_signer()
    expires, sig = signer.sign(EXPORT_ID, NOW)
    signer.verify(EXPORT_ID, expires=expires, sig=sig, now=NOW)
    with pytest.raises(InvalidSignatureError):
        signer.verify(EXPORT_ID, expires=expires, sig="0" * 64, now=NOW)
    assert compared == [(sig.encode(), sig.encode()), (sig.encode(), b"0" * 64)]


def test_an_expired_link_is_refused_even_with_a_good_signature():
    signer = make_signer()
    expires, sig = signer.sign(EXPORT_ID, NOW - timedelta(hours=2))
    with pytest.raises(InvalidSignatureError):
        signer.verify(EXPORT_ID, expires=expires, sig=sig, now=NOW)
