"""Where an export's file is kept and what it is called when downloaded."""

from __future__ import annotations

import re
from datetime import datetime

from app.domain.enums.export import ExportFormat

MEDIA_TYPES = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ExportFormat.ZIP: "application/zip",
}
FILENAME_MAX = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")  # linear: one character class, no nesting


def storage_key(user_id: int, export_id: str, export_format: ExportFormat) -> str:
    """`exports/{user_id}/{export_id}.{ext}` (contract §7.2)."""
    return f"exports/{user_id}/{export_id}.{export_format.value}"


def slug(text: str) -> str:
    """`text` as a file-name part: ASCII letters, digits, `.`, `_` and `-`, runs of others as `_`."""
    return _UNSAFE.sub("_", text).strip("._-")[:FILENAME_MAX]


def download_name(requested: str | None, *, parts: tuple[str, ...], export_format: ExportFormat) -> str:
    """The request's filename made safe, else `<full_name>_<document_type>_<company>`; with its extension."""
    extension = f".{export_format.value}"
    stem = slug((requested or "").removesuffix(extension)) if requested else ""
    stem = stem or "_".join(part for part in (slug(p) for p in parts) if part) or "document"
    return f"{stem[:FILENAME_MAX]}{extension}"


def zip_name(requested: str | None, *, now: datetime) -> str:
    """The request's ZIP name made safe, else `jobwise_exports_<YYYYMMDD_HHMMSS>.zip`."""
    default = f"jobwise_exports_{now:%Y%m%d_%H%M%S}"
    return download_name(requested, parts=(default,), export_format=ExportFormat.ZIP)
