"""Streaming multipart/form-data reading that enforces the upload limit while the body arrives.

Starlette's form parser spools the whole body before an endpoint sees it; this reader feeds the
request stream to python-multipart's push parser and stops at the first byte over the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from app.domain.errors import FileTooLargeError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FORM_OVERHEAD_BYTES = 64 * 1024  # boundaries, part headers and the small text fields next to the file


@dataclass(frozen=True, slots=True)
class UploadedFile:
    filename: str
    content: bytes


@dataclass
class MultipartForm:
    """The first value of each field and the first file of each file field."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


def _malformed(reason: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": reason, "input": None}])


def _too_large(file_limit: int) -> FileTooLargeError:
    return FileTooLargeError(f"The file is larger than the limit of {file_limit} bytes")


def _text(raw: bytes) -> str:
    """Header parameters arrive as raw bytes: UTF-8 from every current client, Latin-1 from old ones."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _PartCollector:
    def __init__(self, file_limit: int) -> None:
        self.form = MultipartForm()
        self.finished = False
        self._file_limit = file_limit
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition = b""
        self._data = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._header_name.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        self._disposition = b""
        self._data = bytearray()

    def _header_end(self) -> None:
        if bytes(self._header_name).lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        self._data.extend(data[start:end])
        if len(self._data) > self._file_limit:
            raise _too_large(self._file_limit)

    def _part_end(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise _malformed("A multipart part has no name")
        name = _text(options[b"name"])
        if b"filename" in options:
            if options[b"filename"] or self._data:  # empty name and content: "no file chosen"
                self.form.files.setdefault(name, UploadedFile(_text(options[b"filename"]), bytes(self._data)))
        else:
            self.form.fields.setdefault(name, _text(bytes(self._data)))

    def _end(self) -> None:
        self.finished = True


async def read_multipart(request: Request, *, file_limit: int) -> MultipartForm:
    """The parts of a multipart/form-data body (none for any other content type).

    Raises FileTooLargeError as soon as a part, or the whole body, passes what a `file_limit` upload
    needs, and a 422 RequestValidationError for a malformed body.
    """
    media_type, params = parse_options_header(request.headers.get("content-type"))
    if media_type != b"multipart/form-data":
        return MultipartForm()
    if b"boundary" not in params:
        raise _malformed("The multipart body has no boundary")
    body_limit = file_limit + FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise _too_large(file_limit)
    collector = _PartCollector(file_limit)
    received = 0
    try:
        parser = MultipartParser(params[b"boundary"], collector.callbacks())
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise _too_large(file_limit)
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:  # a bad boundary or a malformed body
        raise _malformed("The multipart body is malformed") from exc
    if not collector.finished:
        raise _malformed("The multipart body ends before its closing boundary")
    return collector.form
