"""Port for turning a generation's content_structured into files: PDF, DOCX and a PNG preview."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.enums.export import TemplateId
from app.domain.exports.options import ExportOptions


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    page_count: int | None = None  # PDF
    word_count: int | None = None  # DOCX


class DocumentRenderer(Protocol):
    """Renders off the event loop (a bounded pool); raises RenderFailedError when it cannot."""

    async def render_pdf(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> RenderedFile: ...

    async def render_docx(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> RenderedFile: ...

    async def preview_png(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> bytes:
        """Page 1 as a PNG 1200 px wide, watermarked PREVIEW."""
        ...
