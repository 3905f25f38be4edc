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
