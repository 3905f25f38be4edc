"""The DOCX's look: named styles set from the options and the template, page set-up, page numbers.

Everything is put on styles (Normal, Title, Heading 1/2, List Bullet and three of our own), not on
runs, so a user who edits the file in Word restyles the whole document at once. python-docx's
default template gives the headings theme fonts and colours, which would win over an explicit font
name; they are taken off.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId
from app.domain.exports.options import ExportOptions

# Fonts Word ships (LibreOffice maps them onto its metric-compatible Liberation/Carlito/Gelasio).
FONT_NAMES = {
    FontFamily.HELVETICA: "Arial",
    FontFamily.ARIAL: "Arial",
    FontFamily.TIMES: "Times New Roman",
    FontFamily.GEORGIA: "Georgia",
    FontFamily.CALIBRI: "Calibri",
}
# Ids of the paragraph styles the renderer writes: python-docx's template's, and three of our own.
TITLE = "Title"
HEADLINE = "Headline"  # header.title under the name
CONTACT = "ContactDetails"
SECTION = "Heading1"
ENTRY = "Heading2"
ENTRY_DETAILS = "EntryDetails"  # what follows an entry's title: company and place, institution, issuer
BULLET = "ListBullet"
_PAGE_WIDTH_IN = 8.5  # python-docx's template is US Letter, like the PDF
_MUTED = RGBColor(0x4B, 0x55, 0x63)
_BLACK = RGBColor(0, 0, 0)
# The elements that follow w:pBdr in a w:pPr (ECMA-376 CT_PPrBase), for inserting it in order.
_AFTER_BORDER = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid"),
    *("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"),
    *("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId"),
    *("w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class Look:
    """What sets a template apart in Word: kept to styles, borders and alignment (no tables, no boxes)."""

    name_scale: float  # the name's size as a multiple of the body size
    centred_header: bool
    heading_rule: int  # width of the rule under section headings, eighths of a point (0: none)
    small_caps: bool
    details_italic: bool


LOOKS = {
    TemplateId.MODERN: Look(2.0, centred_header=False, heading_rule=6, small_caps=False, details_italic=True),
    TemplateId.CLASSIC: Look(1.8, centred_header=True, heading_rule=4, small_caps=True, details_italic=True),
    TemplateId.CREATIVE: Look(
        2.4, centred_header=False, heading_rule=18, small_caps=False, details_italic=True
    ),
    TemplateId.ATS_OPTIMIZED: Look(
        1.6, centred_header=False, heading_rule=0, small_caps=False, details_italic=False
    ),
}


def apply_styles(document: Document, *, options: ExportOptions, look: Look) -> None:
    """Font, size, spacing and colours of every style the renderer uses."""
    font_name = FONT_NAMES[options.font_family]
    size = options.font_size
    accent = RGBColor.from_string(options.accent_color.removeprefix("#"))
    _default_font(document, font_name)
    normal = document.styles["Normal"]
    normal.font.name = font_name
    _explicit_font(normal, font_name)
    normal.font.size = Pt(size)
    normal.paragraph_format.line_spacing = options.line_spacing
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(2)

    title = _restyled(document, "Title", size=_half_points(size * look.name_scale), colour=accent)
    title.font.bold = True
    title.paragraph_format.space_after = Pt(2)
    _centre(title, look)
    headline = _custom(
        document, ("Headline", HEADLINE), size=size + 1, colour=_MUTED if look.heading_rule else _BLACK
    )
    _centre(headline, look)
    contact = _custom(document, ("Contact Details", CONTACT), size=max(size - 1, 8), colour=None)
    contact.paragraph_format.space_after = Pt(6)
    _centre(contact, look)

    heading = _restyled(document, "Heading 1", size=size + 1, colour=accent)
    heading.font.bold = options.header_style in (HeaderStyle.BOLD, HeaderStyle.BOTH)
    heading.font.underline = options.header_style in (HeaderStyle.UNDERLINE, HeaderStyle.BOTH)
    heading.font.small_caps = look.small_caps
    heading.font.all_caps = not look.small_caps  # shown in capitals like the PDF's; the text keeps its case
    heading.paragraph_format.space_before = Pt(size)
    heading.paragraph_format.space_after = Pt(3)
    if look.heading_rule:
        _bottom_rule(heading, width=look.heading_rule, colour=options.accent_color)

    entry = _restyled(document, "Heading 2", size=size, colour=_BLACK)
    entry.font.bold = True
    entry.paragraph_format.space_before = Pt(6)
    entry.paragraph_format.space_after = Pt(0)
    text_width = _PAGE_WIDTH_IN - options.margins.left - options.margins.right
    entry.paragraph_format.tab_stops.add_tab_stop(Inches(text_width), WD_TAB_ALIGNMENT.RIGHT)
    details = _custom(
        document, ("Entry Details", ENTRY_DETAILS), size=size, colour=_MUTED if look.details_italic else None
    )
    details.font.italic = look.details_italic
    details.paragraph_format.keep_with_next = True
    document.styles["List Bullet"].paragraph_format.space_after = Pt(1)


def _half_points(value: float) -> float:
    """Word stores sizes in half points."""
    return round(value * 2) / 2


def _default_font(document: Document, name: str) -> None:
    """The document default font is a theme font in python-docx's template: name it instead."""
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = fonts.find(qn("w:rFonts"))
    for attribute in _THEME_FONTS:
        rfonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), name)


def _explicit_font(style: ParagraphStyle, name: str) -> None:
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:cs"), name)


def _restyled(document: Document, name: str, *, size: float, colour: RGBColor | None) -> ParagraphStyle:
    """A built-in style without the template's theme fonts, colours and borders, then sized and coloured."""
    style = document.styles[name]
    element = style.element
    for child in (element.find(qn("w:rPr")), element.pPr.find(qn("w:pBdr"))):
        if child is not None:
            child.getparent().remove(child)
    return _sized(style, size=size, colour=colour)


def _custom(
    document: Document, name_and_id: tuple[str, str], *, size: float, colour: RGBColor | None
) -> ParagraphStyle:
    """A paragraph style of our own on Normal. Made on the XML: python-docx's add_style first scans
    every style for the name, which a new document cannot hold."""
    name, style_id = name_and_id
    element = document.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False)
    element.styleId = style_id
    element.basedOn_val = "Normal"
    style = ParagraphStyle(element)
    style.quick_style = True
    return _sized(style, size=size, colour=colour)


def _sized(style: ParagraphStyle, *, size: float, colour: RGBColor | None) -> ParagraphStyle:
    style.font.size = Pt(size)
    if colour is not None:
        style.font.color.rgb = colour
    return style


def _centre(style: ParagraphStyle, look: Look) -> None:
    if look.centred_header:
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _bottom_rule(style: ParagraphStyle, *, width: int, colour: str) -> None:
    """A paragraph border under the heading: a rule that moves with it, unlike a drawn line."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("val", "single"), ("sz", str(width)), ("space", "1"), ("color", colour[1:])):
        bottom.set(qn(f"w:{attribute}"), value)
    borders.append(bottom)
    style.element.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def set_up_page(section: Section, *, options: ExportOptions) -> None:
    """Margins in inches; the footer sits in the lower half of the bottom margin."""
    margins = options.margins
    section.top_margin = Inches(margins.top)
    section.bottom_margin = Inches(margins.bottom)
    section.left_margin = Inches(margins.left)
    section.right_margin = Inches(margins.right)
    section.footer_distance = Inches(margins.bottom / 2)
    section.header_distance = Inches(margins.top / 2)


def add_page_numbers(section: Section, *, font_size: float) -> None:
    """`Page N of M` at the right of the footer, as the PDF shows it: PAGE and NUMPAGES fields, which
    Word and LibreOffice fill in."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(_half_points(font_size * 0.8))
        run.font.color.rgb = _MUTED


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (python-docx has no field API): begin, instruction, separate, a value, end."""
    _field_char(paragraph.add_run(), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run("1")  # shown until the reader updates the field
    _field_char(paragraph.add_run(), "end")


def _field_char(run: Run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)
