"""Web addresses in request bodies (profile links, a job's URL), stored as RFC 3986 URIs.

Accepted: an http(s) URL made of the characters a URI may hold plus non-ASCII letters (an IRI, as
people type them). The non-ASCII characters are percent-encoded (UTF-8), so every stored address is
a URI and the answers can declare `format: uri`. Whitespace, characters no URL may hold (`<`, `|`,
`{`, a second `#`, a `%` without two hex digits ...) and malformed hosts or ports are refused.
"""

from __future__ import annotations

import re
from ipaddress import IPv6Address
from urllib.parse import quote, urlsplit

_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_ESCAPE = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_ESCAPE})"
# RFC 3986 `URI` with an http(s) scheme and an authority. Linear: every repetition is told apart by
# its first character, and the user info is tried once (it needs an `@` a host may not hold).
_HTTP_URI = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://"
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_ESCAPE})*@)?"  # user info
    rf"(?:\[(?P<ip>[0-9A-Fa-f:.]+)\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_ESCAPE})*)"  # host
    r"(?::[0-9]*)?"  # port
    rf"(?:/{_PCHAR}*)*"  # path
    rf"(?:\?(?:{_PCHAR}|[/?])*)?"  # query
    rf"(?:#(?:{_PCHAR}|[/?])*)?"  # fragment
)
# The ASCII characters a URI may hold (somewhere): the encoding step leaves them as they are.
_URI_ASCII = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in '"<>\\^`{|}')
_HTTP_SCHEME = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://")
_ANY_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
INVALID_URL = "must be a well-formed http(s) URL"


def _iri_letter(char: str) -> bool:
    """A character RFC 3987 lets an IRI hold beyond ASCII (`ucschar`), whitespace excepted."""
    code = ord(char)
    if char.isspace():
        return False
    if code <= 0xFFFF:
        return 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
    return (code & 0xFFFF) <= 0xFFFD and (code < 0xE0000 or 0xE1000 <= code <= 0xEFFFD)


def has_http_scheme(text: str) -> bool:
    return _HTTP_SCHEME.match(text) is not None


def http_uri(text: str) -> str:
    """`text`, an http(s) URL, as a URI (non-ASCII characters percent-encoded); ValueError when it
    is no well-formed http(s) URL."""
    if not all(char in _URI_ASCII or (char > "\x7f" and _iri_letter(char)) for char in text):
        raise ValueError(INVALID_URL)
    uri = quote(text, safe=_URI_ASCII)
    match = _HTTP_URI.fullmatch(uri)
    if match is None:
        raise ValueError(INVALID_URL)
    if match["ip"] is not None:
        try:
            IPv6Address(match["ip"])
        except ValueError:
            raise ValueError(INVALID_URL) from None
    return uri


def web_address(text: str, *, max_length: int) -> str:
    """A profile link: an http(s) URL whose host has a dot (or is `localhost`), at most `max_length`
    characters as stored. Without `<scheme>://`, `https://` goes in front (`example.com/x`)."""
    uri = http_uri(text if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://", text) else _schemeless(text))
    host = urlsplit(uri).hostname or ""
    if not ("." in host or host == "localhost"):
        raise ValueError(INVALID_URL)
    if len(uri) > max_length:
        raise ValueError(f"must be at most {max_length} characters")
    return uri


def _schemeless(text: str) -> str:
    # Read as a relative reference, a first segment holding a colon must start with a scheme
    # (`localhost:8080/x` does, `1.2.3.4:80` does not): refused, as the declared format refuses it.
    first = re.split(r"[/?#]", text, maxsplit=1)[0]
    if ":" in first and not _ANY_SCHEME.match(first):
        raise ValueError(INVALID_URL)
    return f"https://{text}"
