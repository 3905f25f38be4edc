"""The blocking half of PDF rendering, run in the renderer's worker process: HTML -> PDF with WeasyPrint,
page 1 -> a watermarked PNG with pypdfium2 and Pillow.

Module-level functions only, so a process pool can call them by name. Each worker keeps one font
configuration (built once; our pages declare no @font-face) and a URL fetcher that fetches nothing:
a document's text is escaped into the page, and a page that still named a resource would get none.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from typing import Any

import pypdfium2
from PIL import Image, ImageDraw, ImageFont
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from app.domain.enums.export import TemplateId
from app.domain.exports.options import ExportOptions
from app.domain.interfaces.renderer import RenderedFile
from app.infrastructure.renderers.html_document import render_html

PREVIEW_WIDTH = 1200  # px
WATERMARK = "PREVIEW"
WATERMARK_ANGLE = 35  # degrees, counter-clockwise
WATERMARK_FILL = (100, 116, 139, 56)  # slate grey, mostly transparent
WARM_UP_DOCUMENT: dict[str, Any] = {
    "header": {"name": "Warm Up", "title": None, "email": "warm@example.com"},
    "sections": [{"type": "professional_summary", "title": "Summary", "content": "Fonts and layout."}],
    "metadata": {},
}


@cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@cache
def _no_fetch() -> URLFetcher:
    return URLFetcher(allowed_protocols=())


def _layout(document: Mapping[str, Any], template: TemplateId, options: ExportOptions) -> Document:
    html = render_html(document, template=template, options=options)
    return HTML(string=html, url_fetcher=_no_fetch()).render(font_config=_font_config())


def render_pdf(document: Mapping[str, Any], template: TemplateId, options: ExportOptions) -> RenderedFile:
    """The document as PDF bytes and its number of pages."""
    laid_out = _layout(document, template, options)
    return RenderedFile(laid_out.write_pdf(), page_count=len(laid_out.pages))


def render_preview(document: Mapping[str, Any], template: TemplateId, options: ExportOptions) -> bytes:
    """Page 1 as a PNG `PREVIEW_WIDTH` px wide with a diagonal PREVIEW watermark."""
    laid_out = _layout(document, template, options)
    first_page = laid_out.copy(laid_out.pages[:1]).write_pdf()  # only page 1 is drawn
    return _png(_watermarked(_first_page_image(first_page)))


def warm_up() -> bytes:
    """Render a tiny document once (fonts, caches, pypdfium2), so the first real one is not slow; the
    preview made is returned (and thrown away by the pool)."""
    return render_preview(WARM_UP_DOCUMENT, TemplateId.MODERN, ExportOptions())


def ready() -> bool:
    """True: the worker is up (and, having passed its initializer, warm)."""
    return True


def _first_page_image(pdf: bytes) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=PREVIEW_WIDTH / page.get_width())
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    # pypdfium2 rounds the width up: a page whose width * scale lands a hair over 1200 gains a column
    return image.crop((0, 0, PREVIEW_WIDTH, image.height))


def _watermarked(page: Image.Image) -> Image.Image:
    """`page` with WATERMARK across it, diagonally, light enough to read the page through."""
    font = ImageFont.load_default(size=page.width // 6)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(WATERMARK))
    stamp = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text((-left, -top), WATERMARK, font=font, fill=WATERMARK_FILL)
    stamp = stamp.rotate(WATERMARK_ANGLE, expand=True, resample=Image.Resampling.BICUBIC)
    overlay = Image.new("RGBA", page.size, (0, 0, 0, 0))
    overlay.paste(stamp, ((page.width - stamp.width) // 2, (page.height - stamp.height) // 2))
    return Image.alpha_composite(page.convert("RGBA"), overlay).convert("RGB")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
