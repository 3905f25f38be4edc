"""A writing sample: an uploaded plain-text resume or cover letter, and the rules on its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from app.domain.enums.document_type import DocumentType
from app.domain.errors import EmptyFileError, InvalidEncodingError, UnsupportedFileTypeError
from app.domain.ids import new_id
from app.domain.time import utc_now

ALLOWED_EXTENSIONS = frozenset({".txt", ".md"})
MAX_FILENAME_LENGTH = 255

# Text in another Unicode encoding: refused as an encoding problem, not as a binary file.
_FOREIGN_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xff\xfe", b"\xfe\xff")
# Leading bytes of the document, image and archive formats most often renamed to .txt.
_BINARY_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, odt
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0",  # legacy .doc, .xls
    b"{\\rtf",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
)
# C0 control characters that plain text does not contain (tab, newlines, form feed and escape are fine).
_STRAY_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\v\f\r\x1b")


def clean_filename(raw: str) -> str:
    """The base name a client sent, without any path or control characters, at most 255 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    if len(name) <= MAX_FILENAME_LENGTH:
        return name
    suffix = PurePosixPath(name).suffix[:16]
    return name[: MAX_FILENAME_LENGTH - len(suffix)] + suffix


def read_sample_file(filename: str, content: bytes) -> str:
    """The text of an uploaded sample: a .txt/.md name, no binary content, UTF-8 (BOM dropped), not blank.

    Newlines are normalised to LF. Raises UnsupportedFileTypeError, InvalidEncodingError or EmptyFileError.
    """
    if PurePosixPath(filename).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise UnsupportedFileTypeError
    if content.startswith(_FOREIGN_BOMS) or _looks_like_utf16(content):
        raise InvalidEncodingError("The file is UTF-16 or UTF-32 text; save it as UTF-8")
    if looks_binary(content):
        raise UnsupportedFileTypeError("The file is binary, not plain text")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidEncodingError from exc
    if not text.strip():
        raise EmptyFileError
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(content: bytes) -> bool:
    """UTF-16 without a byte order mark: mostly-ASCII text has a NUL in every other byte, and only there."""
    head = content[:4096]
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return False
    return (even.count(0) > len(even) // 3 and not odd.count(0)) or (
        odd.count(0) > len(odd) // 3 and not even.count(0)
    )


def looks_binary(content: bytes) -> bool:
    """A NUL byte, a known binary signature, or more stray control bytes than one in a hundred."""
    if b"\x00" in content or content.startswith(_BINARY_SIGNATURES):
        return True
    stray = len(content) - len(content.translate(None, _STRAY_CONTROLS))
    return stray > max(1, len(content) // 100)


@dataclass(frozen=True, slots=True)
class TextCounts:
    words: int  # whitespace-separated tokens
    characters: int
    lines: int  # newline-terminated lines, plus an unterminated last one


def count_text(text: str) -> TextCounts:
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return TextCounts(words=len(text.split()), characters=len(text), lines=lines)


@dataclass(eq=False)
class SampleDocument:
    id: str
    user_id: int
    document_type: DocumentType
    original_filename: str
    full_text: str
    word_count: int
    character_count: int
    line_count: int
    is_active: bool = True
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    @classmethod
    def from_text(
        cls,
        *,
        user_id: int,
        document_type: DocumentType,
        filename: str,
        text: str,
        counts: TextCounts,
        now: datetime,
    ) -> SampleDocument:
        """A new sample, active from the start (the previous active one of its type is deactivated)."""
        return cls(
            id=new_id(),
            user_id=user_id,
            document_type=document_type,
            original_filename=filename,
            full_text=text,
            word_count=counts.words,
            character_count=counts.characters,
            line_count=counts.lines,
            created_at=now,
            updated_at=now,
        )


@dataclass(frozen=True, slots=True)
class SampleFilter:
    """Which of a user's samples to take; None matches any."""

    document_type: DocumentType | None = None
    is_active: bool | None = None


@dataclass(frozen=True, slots=True)
class SampleSummary:
    """A sample without its text: what a list shows."""

    id: str
    user_id: int
    document_type: DocumentType
    original_filename: str
    word_count: int
    character_count: int
    line_count: int
    is_active: bool
    created_at: datetime
    updated_at: datetime
