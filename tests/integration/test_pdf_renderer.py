"""The PDF renderer: every template and document type read back from the PDF, the options seen in the
file, the watermarked preview, and the process pool (warm-up, failures, a worker that dies).

Documents are rendered in this process through pdf_worker (the code the pool runs) for the content
checks, and through WeasyPrintRenderer for the port's own behaviour.
"""

from __future__ import annotations

import asyncio
import ctypes
import io
import multiprocessing
import os
import re
import signal
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId
from app.domain.errors import RenderFailedError
from app.domain.exports.options import DocumentProperties, ExportOptions, Margins
from app.infrastructure.renderers import pdf_worker
from app.infrastructure.renderers.html_document import tint
from app.infrastructure.renderers.pdf_renderer import WeasyPrintRenderer, run_in_worker
from tests.integration.render_documents import LETTER_PARAGRAPHS, cover_letter, long_resume, short_resume

TEMPLATES = list(TemplateId)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
POINTS_PER_INCH = 72
DASH = "\N{EN DASH}"


@cache
def rendered(kind: str, template: TemplateId, options: ExportOptions | None = None) -> tuple[bytes, int]:
    """PDF bytes and page count, rendered once per test run."""
    document = {"short": short_resume, "long": long_resume, "letter": cover_letter}[kind]()
    result = pdf_worker.render_pdf(document, template, options or ExportOptions())
    assert result.page_count is not None
    return result.data, result.page_count


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (a wrapped line reads as one)."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def full_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def resume_items(document: dict[str, Any]) -> list[str]:
    """Every heading and bullet of a resume, in document order."""
    items: list[str] = []
    for section in document["sections"]:
        items.append(section["title"].upper())
        for entry in section.get("entries", []):
            items += [entry.get("title") or entry.get("name") or entry.get("degree")]
            items += [*entry.get("bullets", []), *entry.get("achievements", []), *entry.get("highlights", [])]
    return items


def fonts_of(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def fill_colours(pdf: bytes) -> set[tuple[float, float, float]]:
    """The RGB fill colours set in page 1's content stream (`r g b rg`)."""
    stream = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert stream is not None
    found = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", stream.get_data())
    return {(round(float(r), 3), round(float(g), 3), round(float(b), 3)) for r, g, b in found}


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(round(int(colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))  # type: ignore[return-value]


def _first_match(pdf: bytes, needle: str) -> tuple[Any, int, int]:
    text_page = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    match = text_page.search(needle, match_case=True).get_next()
    assert match is not None, needle
    return text_page, *match


def char_boxes(pdf: bytes, needle: str) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top, in points) of the characters of `needle`'s first match on
    page 1."""
    text_page, start, count = _first_match(pdf, needle)
    return [text_page.get_charbox(index) for index in range(start, start + count)]


def font_name(pdf: bytes, needle: str) -> str:
    """The name of the font `needle`'s first character is printed in."""
    text_page, start, _ = _first_match(pdf, needle)
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(text_page.raw, start, buffer, len(buffer), ctypes.byref(flags))
    return buffer.raw[: length - 1].decode()


def leftmost_text(pdf: bytes) -> float:
    document = pypdfium2.PdfDocument(pdf)
    text_page = document[0].get_textpage()
    boxes = (text_page.get_charbox(index) for index in range(text_page.count_chars()))
    return min(box[0] for box in boxes if box[2] > box[0])


# --- every template x document type -------------------------------------------------------------------
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_short_resume_is_one_page_with_the_name_every_heading_and_every_bullet(template: TemplateId):
    pdf, pages = rendered("short", template)
    text = full_text(pdf)

    assert pages == 1 == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Jane Doe" in text
    for item in resume_items(short_resume()):
        assert item in text


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_long_resume_runs_onto_a_second_page_with_no_heading_or_entry_left_at_a_page_foot(
    template: TemplateId,
):
    pdf, pages = rendered("long", template)
    texts = page_texts(pdf)
    document = long_resume()

    assert pages == 2 == len(texts)
    for item in resume_items(document):
        assert item in " ".join(texts)
    titles = [section["title"].upper() for section in document["sections"]]
    assert not any(texts[0].endswith(title) for title in titles)
    for section in document["sections"]:
        for entry in section.get("entries", []):
            lines = [entry.get("title") or entry.get("name") or entry["degree"], *entry.get("bullets", [])]
            # an entry that fits on a page is never split: its title and last bullet share a page
            assert any(lines[0] in page and lines[-1] in page for page in texts), lines[0]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_cover_letter_reads_back_whole_on_one_page(template: TemplateId):
    pdf, pages = rendered("letter", template)
    text = full_text(pdf)

    assert pages == 1
    for part in ("Jane Doe", "June 1, 2025", "Ms. Rivera", "Initech", "Dear Ms. Rivera,", "Sincerely,"):
        assert part in text
    for paragraph in LETTER_PARAGRAPHS:
        assert paragraph in text


def test_ats_optimized_text_extracts_in_reading_order():
    pdf, _ = rendered("long", TemplateId.ATS_OPTIMIZED)
    text = full_text(pdf)
    items = ["Jane Doe", "Senior Backend Engineer", *resume_items(long_resume())]

    position = 0
    for item in items:  # each found after the one before
        position = text.index(item, position) + len(item)


def test_ats_optimized_prints_in_black_whatever_accent_is_asked():
    options = ExportOptions(accent_color="#DC2626")

    colours = fill_colours(rendered("short", TemplateId.ATS_OPTIMIZED, options)[0])

    assert colours == {(0.0, 0.0, 0.0)}


def test_contact_details_are_links_and_document_text_is_escaped():
    document = short_resume()
    document["header"] = {**document["header"], "name": "Jane <b>Doe</b>", "website": "jane.example.com"}

    pdf = pdf_worker.render_pdf(document, TemplateId.MODERN, ExportOptions()).data
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    links = {str(a.get_object()["/A"]["/URI"]) for a in reader.pages[0].get("/Annots", [])}

    assert "Jane <b>Doe</b>" in full_text(pdf)
    assert "jane.example.com" in full_text(pdf)
    assert "https://jane.example.com" in links
    assert "mailto:jane@example.com" in links
    assert "https://linkedin.com/in/janedoe" in links


def test_dates_show_present_for_a_current_job_and_languages_their_proficiency():
    text = full_text(rendered("short", TemplateId.CLASSIC)[0])

    assert f"Mar 2021 {DASH} Present" in text
    assert f"Jan 2019 {DASH} Dec 2019" in text  # Ledger CLI, the project shown
    assert "German (native)" in text
    assert "English" in text
    assert "English ()" not in text
    assert "GPA: 3.7" in text


# --- options ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("family", "embedded"),
    [
        (FontFamily.HELVETICA, "Liberation-Sans"),
        (FontFamily.ARIAL, "Liberation-Sans"),
        (FontFamily.TIMES, "Liberation-Serif"),
        (FontFamily.GEORGIA, "DejaVu-Serif"),
        (FontFamily.CALIBRI, "Carlito"),
    ],
)
def test_the_font_family_is_embedded_as_its_installed_metric_compatible_family(
    family: FontFamily, embedded: str
):
    fonts = fonts_of(rendered("letter", TemplateId.ATS_OPTIMIZED, ExportOptions(font_family=family))[0])

    assert fonts
    assert all(font.startswith(embedded) for font in fonts), fonts


@pytest.mark.parametrize("template", [TemplateId.MODERN, TemplateId.CLASSIC, TemplateId.CREATIVE])
def test_the_accent_colour_is_painted(template: TemplateId):
    red = rendered("short", template, ExportOptions(accent_color="#DC2626"))[0]
    default = rendered("short", template)[0]

    assert rgb("#DC2626") in fill_colours(red) or rgb(tint("#DC2626")) in fill_colours(red)
    assert rgb("#DC2626") not in fill_colours(default)
    assert rgb(tint("#DC2626")) not in fill_colours(default)


def test_the_creative_band_is_the_accent_colour_at_the_top_of_the_page():
    png = pdf_worker.render_preview(
        short_resume(), TemplateId.CREATIVE, ExportOptions(accent_color="#16A34A")
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")

    assert image.getpixel((10, 10)) == (0x16, 0xA3, 0x4A)
    assert image.getpixel((10, image.height - 10)) == (255, 255, 255)


@pytest.mark.parametrize("inches", [0.5, 1.5])
def test_the_left_margin_moves_the_text(inches: float):
    options = ExportOptions(margins=Margins(left=inches))

    left = leftmost_text(rendered("short", TemplateId.ATS_OPTIMIZED, options)[0])

    assert inches * POINTS_PER_INCH - 1 <= left < inches * POINTS_PER_INCH + 6  # a glyph's side bearing


def test_the_top_margin_and_page_size_come_from_the_options():
    pdf = rendered("short", TemplateId.ATS_OPTIMIZED, ExportOptions(margins=Margins(top=1.5)))[0]
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    name_top = max(box[3] for box in char_boxes(pdf, "Jane Doe"))

    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)  # US Letter
    assert 792 - 1.5 * POINTS_PER_INCH - 12 < name_top <= 792 - 1.5 * POINTS_PER_INCH


def test_a_larger_font_size_prints_larger_letters():
    small = rendered("letter", TemplateId.MODERN, ExportOptions(font_size=9))[0]
    large = rendered("letter", TemplateId.MODERN, ExportOptions(font_size=14))[0]

    def height(pdf: bytes) -> float:
        boxes = char_boxes(pdf, "Dear")
        return boxes[0][3] - boxes[0][1]  # the capital D

    assert height(large) / height(small) == pytest.approx(14 / 9, rel=0.05)


def test_line_spacing_spreads_the_lines():
    tight = rendered("long", TemplateId.MODERN, ExportOptions(line_spacing=1.0))
    loose = rendered("long", TemplateId.MODERN, ExportOptions(line_spacing=2.0))

    assert loose[1] > tight[1]


def test_page_numbers_are_printed_only_when_asked():
    numbered = page_texts(rendered("long", TemplateId.CLASSIC, ExportOptions(include_page_numbers=True))[0])
    plain = page_texts(rendered("long", TemplateId.CLASSIC)[0])

    assert numbered[0].endswith("Page 1 of 2")
    assert numbered[1].endswith("Page 2 of 2")
    assert not any("Page 1 of" in text for text in plain)


@pytest.mark.parametrize(
    ("style", "bold", "underlined"),
    [(HeaderStyle.BOLD, True, False), (HeaderStyle.UNDERLINE, False, True), (HeaderStyle.BOTH, True, True)],
)
def test_the_header_style_makes_section_headings_bold_underlined_or_both(
    style: HeaderStyle, bold: bool, underlined: bool
):
    pdf = rendered("short", TemplateId.ATS_OPTIMIZED, ExportOptions(header_style=style))[0]
    boxes = char_boxes(pdf, "EXPERIENCE")
    left, right = boxes[0][0], boxes[-1][2]
    baseline = min(box[1] for box in boxes)
    scale = 4  # px per point
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=scale).to_pil().convert("L")
    # the band just under the capitals, across the middle of the word: ink there is an underline
    rows = range(int((792 - baseline) * scale) + 1, int((792 - baseline + 3) * scale))
    columns = range(int((left + 5) * scale), int((right - 5) * scale))
    ink = any(image.getpixel((x, y)) < 128 for y in rows for x in columns)

    assert font_name(pdf, "EXPERIENCE").endswith("Bold") is bold
    assert ink is underlined


def test_document_properties_become_the_pdf_metadata():
    given = DocumentProperties(title="Jane - Initech", author="J. Doe", subject="Backend", keywords="python")
    own = pypdf.PdfReader(io.BytesIO(rendered("letter", TemplateId.MODERN, ExportOptions())[0])).metadata
    custom = rendered("letter", TemplateId.MODERN, ExportOptions(document_properties=given))[0]
    metadata = pypdf.PdfReader(io.BytesIO(custom)).metadata

    assert own is not None
    assert metadata is not None
    assert (own.title, own.author, own.subject) == (
        f"Jane Doe {DASH} Cover Letter",
        "Jane Doe",
        "Staff Backend Engineer at Initech",
    )
    assert (metadata.title, metadata.author, metadata.subject) == ("Jane - Initech", "J. Doe", "Backend")
    assert metadata["/Keywords"] == "python"


# --- preview ----------------------------------------------------------------------------------------------
def test_the_preview_is_page_one_as_a_png_1200_px_wide_with_a_watermark():
    document = {**short_resume(), "sections": []}  # a header only: the middle of the page is empty

    png = pdf_worker.render_preview(document, TemplateId.ATS_OPTIMIZED, ExportOptions())
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    middle = [image.getpixel((x, height // 2)) for x in range(width // 4, 3 * width // 4)]

    assert png.startswith(PNG_SIGNATURE)
    assert width == 1200
    assert height == round(1200 * 11 / 8.5)
    assert any(pixel != (255, 255, 255) for pixel in middle)  # the diagonal PREVIEW
    assert all(min(pixel) > 150 for pixel in middle)  # light: the page reads through it


# --- the port: the process pool ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def renderer() -> Iterator[WeasyPrintRenderer]:
    renderer = WeasyPrintRenderer()
    yield renderer
    asyncio.run(renderer.aclose())


async def test_the_renderer_warms_up_then_renders_pdf_preview_and_docx(renderer: WeasyPrintRenderer):
    await renderer.warm_up()
    document = short_resume()

    pdf, png, docx = await asyncio.gather(
        renderer.render_pdf(document, template=TemplateId.CREATIVE, options=ExportOptions()),
        renderer.preview_png(document, template=TemplateId.MODERN, options=ExportOptions()),
        renderer.render_docx(document, template=TemplateId.MODERN, options=ExportOptions()),
    )

    assert pdf.page_count == 1
    assert "Jane Doe" in full_text(pdf.data)
    assert png.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(png)).width == 1200
    assert docx.data.startswith(b"PK")  # a zip: the .docx
    assert docx.word_count


async def test_the_renderer_applies_the_template_rules_to_the_options(renderer: WeasyPrintRenderer):
    pdf = await renderer.render_pdf(
        short_resume(), template=TemplateId.ATS_OPTIMIZED, options=ExportOptions(accent_color="#DC2626")
    )

    assert fill_colours(pdf.data) == {(0.0, 0.0, 0.0)}


async def test_a_malformed_document_fails_as_render_failed(renderer: WeasyPrintRenderer):
    broken = {"sections": [], "metadata": {}}  # no header

    with pytest.raises(RenderFailedError):
        await renderer.render_pdf(broken, template=TemplateId.MODERN, options=ExportOptions())
    with pytest.raises(RenderFailedError):
        await renderer.preview_png(broken, template=TemplateId.MODERN, options=ExportOptions())


async def test_a_worker_that_dies_fails_its_render_and_the_next_render_gets_a_new_worker():
    others = set(multiprocessing.active_children())
    renderer = WeasyPrintRenderer()
    await renderer.warm_up()
    (worker,) = set(multiprocessing.active_children()) - others
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join()

    with pytest.raises(RenderFailedError):
        await renderer.render_pdf(short_resume(), template=TemplateId.MODERN, options=ExportOptions())
    again = await renderer.render_pdf(short_resume(), template=TemplateId.MODERN, options=ExportOptions())
    await renderer.aclose()

    assert again.page_count == 1
    assert not set(multiprocessing.active_children()) - others


async def test_a_worker_is_replaced_after_its_quota_of_renders_and_closing_twice_is_harmless():
    others = set(multiprocessing.active_children())
    renderer = WeasyPrintRenderer(max_renders_per_worker=2)
    await renderer.warm_up()  # the warm-up check is the first task
    (first,) = set(multiprocessing.active_children()) - others
    document = replace(ExportOptions(), font_size=10)

    await renderer.render_pdf(short_resume(), template=TemplateId.MODERN, options=document)
    await renderer.render_pdf(short_resume(), template=TemplateId.MODERN, options=document)
    later = multiprocessing.active_children()
    await renderer.aclose()
    await renderer.aclose()

    assert first.pid not in {worker.pid for worker in later}


def test_jobs_run_by_name_and_the_warm_up_renders_a_preview():
    assert run_in_worker("ready") is True
    assert run_in_worker("warm_up").startswith(PNG_SIGNATURE)
