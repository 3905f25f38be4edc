"""Enumerations of exports, with the values of the API contract (§7, §9)."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ZIP = "zip"


class TemplateId(StrEnum):
    MODERN = "modern"
    CLASSIC = "classic"
    CREATIVE = "creative"
    ATS_OPTIMIZED = "ats-optimized"

    @classmethod
    def parse(cls, value: str) -> TemplateId | None:
        """The template a request names (`ats_optimized` is accepted for `ats-optimized`), or None."""
        try:
            return cls(value.strip().lower().replace("_", "-"))
        except ValueError:
            return None


class HeaderStyle(StrEnum):
    BOLD = "bold"
    UNDERLINE = "underline"
    BOTH = "both"


class FontFamily(StrEnum):
    HELVETICA = "Helvetica"
    ARIAL = "Arial"
    TIMES = "Times"
    GEORGIA = "Georgia"
    CALIBRI = "Calibri"


class ExportStatus(StrEnum):
    """A file made now is completed at once; a queued batch goes pending -> rendering -> completed or
    failed."""

    PENDING = "pending"
    RENDERING = "rendering"
    COMPLETED = "completed"
    FAILED = "failed"


class ExportErrorCode(StrEnum):
    """Why a queued batch export failed (its `error_code`)."""

    GENERATION_NOT_FOUND = "generation_not_found"  # none of its generations is there any more
    RENDER_FAILED = "render_failed"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    STORAGE_QUOTA_EXCEEDED = "storage_quota_exceeded"
    INTERRUPTED = "interrupted"
    INTERNAL_ERROR = "internal_error"
