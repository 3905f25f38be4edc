"""A page's Content-Encoding undone chunk by chunk, never producing more bytes than the caller allows.

The fetcher asks for `identity`, but a server may compress anyway, and a few kilobytes of gzip can
inflate to gigabytes. zlib's `max_length` bounds each step, so at most the size cap and one more byte
are ever inflated. gzip (with any number of members) and deflate (zlib-wrapped or raw, as some servers
send it) are read; anything else (br, zstd, stacked encodings, unknown names) is refused by name.
"""

from __future__ import annotations

import zlib

from app.domain.errors import UrlFetchFailedError

_GZIP_OR_ZLIB = 32 + zlib.MAX_WBITS  # detect the gzip or zlib header
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS
_STEP = 256 * 1024  # inflated per zlib call: CPython holds a call's output twice while it finishes
_SHOWN_CHARACTERS = 40


class ContentDecoder:
    """Undoes one response's Content-Encoding (`identity` passes the bytes through)."""

    def __init__(self, content_encoding: str | None) -> None:
        codings = [coding.strip().lower() for coding in (content_encoding or "").split(",") if coding.strip()]
        codings = [coding for coding in codings if coding != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            shown = (content_encoding or "").strip()[:_SHOWN_CHARACTERS]
            raise UrlFetchFailedError(f"The page uses an unsupported content encoding ({shown})")
        self._coding = ("gzip" if codings[0] == "x-gzip" else codings[0]) if codings else None
        self._inflater: zlib._Decompress | None = None
        self._header = b""  # deflate: the first bytes, until they tell zlib-wrapped from raw
        self._members = 0  # gzip members read to their end
        self._finished = False  # the compressed stream has ended; anything after it is ignored

    def decode(self, data: bytes, max_length: int) -> list[bytes]:
        """`data` decoded, in pieces of at most `max_length` bytes in all; that many may be cut short.

        Less than `max_length` bytes back means all of `data` was used. A caller enforcing a size
        cap asks for one byte more than the room it has left and stops when it gets that many.
        (Pieces rather than one string: joining them would hold the bytes twice.)
        """
        if self._coding is None:
            return [data[:max_length]]
        if self._inflater is None:
            data = self._start(data)
        pieces: list[bytes] = []
        room = max_length
        while room > 0 and not self._finished and self._inflater is not None:
            inflater = self._inflater
            step = min(room, _STEP)
            try:
                piece = inflater.decompress(data, step)
            except zlib.error as exc:
                if self._members:  # not another gzip member but trailing bytes (padding): ignored
                    self._finished = True
                    break
                raise UrlFetchFailedError(f"The page could not be decompressed ({self._coding})") from exc
            pieces.append(piece)
            room -= len(piece)
            if not inflater.eof:
                if len(piece) < step:  # zlib ran out of input, and so of output
                    break
                data = inflater.unconsumed_tail  # zlib may still hold output even when this is empty
                continue
            if self._coding == "gzip":  # a gzip file may hold several members, one after another
                self._inflater = zlib.decompressobj(_GZIP_OR_ZLIB)
                self._members += 1
            else:
                self._finished = True  # anything after the deflate data is ignored
            data = inflater.unused_data
            if not data:
                break
        return pieces

    def _start(self, data: bytes) -> bytes:
        if self._coding == "gzip":
            self._inflater = zlib.decompressobj(_GZIP_OR_ZLIB)
            return data
        self._header += data
        if len(self._header) < 2:
            return b""
        data, self._header = self._header, b""
        self._inflater = zlib.decompressobj(_ZLIB if _is_zlib_header(data) else _RAW_DEFLATE)
        return data


def _is_zlib_header(data: bytes) -> bool:
    """RFC 1950: deflate method, a window of at most 32 KiB, the check bits, no preset dictionary."""
    method, flags = data[0], data[1]
    return method & 0x0F == 8 and method >> 4 <= 7 and (method * 256 + flags) % 31 == 0 and not flags & 0x20
