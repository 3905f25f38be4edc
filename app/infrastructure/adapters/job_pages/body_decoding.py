"""A fetched page's bytes as text: its declared charset when that is a real text encoding, else UTF-8.

The charset comes from the site, so it can name anything Python's codec registry knows: codecs from
bytes to bytes (`base64`, `zlib`, `hex`), from text to text (`rot13`), or text encodings that are no
page charset at all (`idna` and `punycode` refuse replacement characters, `undefined` always fails, the
escape codecs read backslashes as escapes, and browsers decline `utf-7`). Those, and unknown names, are
ignored; decoding always replaces what does not fit and never raises.
"""

from __future__ import annotations

import codecs

FALLBACK_ENCODING = "utf-8"
# Canonical codec names (`codecs.lookup(...).name`) of text encodings that are not page charsets.
_NOT_PAGE_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"}
)


def page_encoding(charset: str | None) -> str:
    """The codec to read a page with: `charset` when it names a text encoding for pages, else UTF-8."""
    if not charset:
        return FALLBACK_ENCODING
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):  # unknown, or not a name at all (an embedded NUL)
        return FALLBACK_ENCODING
    if not info._is_text_encoding or info.name in _NOT_PAGE_CHARSETS:
        return FALLBACK_ENCODING
    return info.name


def decode_page(body: bytes, charset: str | None) -> str:
    """The page as text; bytes the encoding cannot read become U+FFFD."""
    encoding = page_encoding(charset)
    try:
        return body.decode(encoding, errors="replace")
    except (LookupError, UnicodeError, ValueError):  # a codec that still refuses: read it as UTF-8
        return body.decode(FALLBACK_ENCODING, errors="replace")
