"""Rendering options, normalised: defaults filled, colour names as upper-case hex, fonts by family.

Ranges are checked where a request is read (out of range is a 422); here a valid request becomes the
one canonical form that is stored, hashed for reuse, and handed to the renderers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId

COLOUR_NAMES = {
    "blue": "#2563EB",
    "green": "#16A34A",
    "red": "#DC2626",
    "purple": "#7C3AED",
    "orange": "#EA580C",
    "teal": "#0D9488",
    "navy": "#1E3A8A",
    "gray": "#4B5563",
    "black": "#000000",
}
FONT_ALIASES = {"times new roman": FontFamily.TIMES}
FONT_SIZE_RANGE = (9.0, 14.0)
LINE_SPACING_RANGE = (1.0, 2.0)
MARGIN_RANGE = (0.5, 1.5)  # inches


@dataclass(frozen=True)
class Margins:
    top: float = 0.75
    bottom: float = 0.75
    left: float = 0.75
    right: float = 0.75


@dataclass(frozen=True)
class DocumentProperties:
    """DOCX core properties (None: derived from the document)."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    font_family: FontFamily = FontFamily.HELVETICA
    font_size: float = 11.0  # points
    accent_color: str = "#2563EB"  # upper-case #RRGGBB
    line_spacing: float = 1.15
    margins: Margins = field(default_factory=Margins)
    include_page_numbers: bool = False
    header_style: HeaderStyle = HeaderStyle.BOLD
    document_properties: DocumentProperties = field(default_factory=DocumentProperties)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, as stored and answered."""
        data = asdict(self)
        data["font_family"] = self.font_family.value
        data["header_style"] = self.header_style.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportOptions:
        """The options `as_dict` wrote (a queued batch's, read back from its row)."""
        return cls(
            **{
                **data,
                "font_family": FontFamily(data["font_family"]),
                "header_style": HeaderStyle(data["header_style"]),
                "margins": Margins(**data["margins"]),
                "document_properties": DocumentProperties(**data["document_properties"]),
            }
        )

    @property
    def options_hash(self) -> str:
        """SHA-256 of the canonical JSON: identical options hash alike (export reuse)."""
        canonical = json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def hex_colour(value: str) -> str | None:
    """`#RRGGBB` upper case from `#RGB`, `#RRGGBB` or a colour name; None when it is none of those."""
    text = value.strip().lower()
    if text in COLOUR_NAMES:
        return COLOUR_NAMES[text]
    digits = text.removeprefix("#")
    if (
        not text.startswith("#")
        or len(digits) not in (3, 6)
        or any(c not in "0123456789abcdef" for c in digits)
    ):
        return None
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits.upper()}"


def font_family(value: str) -> FontFamily | None:
    """The family a request names (case-insensitive; `Times New Roman` is Times), or None."""
    text = " ".join(value.split()).lower()
    if text in FONT_ALIASES:
        return FONT_ALIASES[text]
    return next((family for family in FontFamily if family.value.lower() == text), None)


def for_template(options: ExportOptions, template: TemplateId) -> ExportOptions:
    """The options a template honours: `ats-optimized` prints in black whatever accent is asked."""
    if template is TemplateId.ATS_OPTIMIZED:
        return ExportOptions(**{**options.__dict__, "accent_color": COLOUR_NAMES["black"]})
    return options
