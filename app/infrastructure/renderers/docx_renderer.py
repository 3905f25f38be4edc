"""DOCX with python-docx from a generation's content_structured (contract 6.3 and 7.1).

The same sections in the same order as the PDF: a resume's header, then each section under a Heading 1
(Word's navigation pane lists them), its entries under Heading 2 with their bullets in List Bullet; a
letter's header, date, recipient, salutation, paragraphs, closing and signature. No tables and no text
boxes in any template: the layout is paragraphs and styles only, which every ATS reads in order.
Synchronous: the caller runs it off the event loop.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import docx
from docx.document import Document
from docx.opc.coreprops import CoreProperties
from docx.text.paragraph import Paragraph

from app.domain.enums.export import TemplateId
from app.domain.errors import RenderFailedError
from app.domain.exports.options import ExportOptions, for_template
from app.domain.generation.letter import long_date
from app.domain.generation.resume import format_month
from app.domain.generation.sentences import sentences_of
from app.domain.interfaces.renderer import RenderedFile
from app.infrastructure.renderers.docx_styles import (
    BULLET,
    CONTACT,
    ENTRY,
    ENTRY_DETAILS,
    HEADLINE,
    LOOKS,
    SECTION,
    TITLE,
    add_page_numbers,
    apply_styles,
    set_up_page,
)
from app.infrastructure.renderers.html_document import (
    DOCUMENT_TITLES,
    bare_url,
    contacts_of,
    document_kind,
    period,
    properties_of,
    skill_name,
)

Entry = Mapping[str, Any]
_SEPARATOR = " | "
# What XML 1.0 cannot hold (lxml refuses it): C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF. Pasted text can carry them; they are dropped, not a failed export.
_NOT_IN_XML = dict.fromkeys(
    [
        *(code for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)),
        *range(0xD800, 0xE000),
        0xFFFE,
        0xFFFF,
    ]
)


class DocxRenderer:
    """Renders content_structured as a .docx in one of the four templates."""

    def render(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> RenderedFile:
        """The .docx bytes and the number of words of its text; RenderFailedError on a malformed document."""
        options = for_template(options, template)
        try:
            built = _build(_xml_safe(document), template=template, options=options)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise RenderFailedError from exc
        buffer = io.BytesIO()
        built.save(buffer)
        return RenderedFile(buffer.getvalue(), word_count=_word_count(built))


def _xml_safe(value: Any) -> Any:
    """The document with every string stripped of what XML cannot hold."""
    if isinstance(value, str):
        return value.translate(_NOT_IN_XML)
    if isinstance(value, Mapping):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    return value


def _word_count(built: Document) -> int:
    """Words of the body text; separators such as `|` are no words."""
    tokens = (token for paragraph in built.paragraphs for token in paragraph.text.split())
    return sum(1 for token in tokens if any(char.isalnum() for char in token))


def _build(document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions) -> Document:
    built = docx.Document()
    apply_styles(built, options=options, look=LOOKS[template])
    section = built.sections[0]
    set_up_page(section, options=options)
    if options.include_page_numbers:
        add_page_numbers(section, font_size=options.font_size)
    _header(built, document["header"])
    for part in document["sections"]:
        _WRITERS[part["type"]](built, part)
    _properties(built.core_properties, document, options=options)
    return built


def _header(built: Document, header: Entry) -> None:
    _add(built, header["name"], TITLE)
    if header["title"]:
        _add(built, header["title"], HEADLINE)
    contact = _SEPARATOR.join(str(item["text"]) for item in contacts_of(header))
    if contact:
        _add(built, contact, CONTACT)


def _properties(properties: CoreProperties, document: Mapping[str, Any], *, options: ExportOptions) -> None:
    """The options' document_properties, each missing one derived from the document as the PDF's are."""
    kind = document_kind(document)
    derived = properties_of(document, options, kind)
    properties.title = derived["title"]
    properties.author = derived["author"]
    properties.subject = derived["subject"]
    properties.keywords = derived["keywords"]
    properties.category = DOCUMENT_TITLES[kind]
    properties.last_modified_by = derived["author"]
    properties.comments = ""  # python-docx's template says "generated by python-docx"
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1


def _add(built: Document, text: str, style_id: str) -> Paragraph:
    """A paragraph in the style of that id: python-docx's `style=` finds a style by name by scanning
    every style of the document, two thirds of the whole render."""
    paragraph = built.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _heading(built: Document, section: Entry) -> None:
    _add(built, section["title"], SECTION)


def _entry(built: Document, title: str, dates: str, *details: str | None) -> None:
    """An entry's Heading 2 with its dates after a tab (right-aligned by the style), then its details."""
    heading = _add(built, title, ENTRY)
    if dates:
        heading.add_run(f"\t{dates}").bold = False
    text = _SEPARATOR.join(part for part in details if part)
    if text:
        _add(built, text, ENTRY_DETAILS)


def _bullets(built: Document, items: Sequence[str]) -> None:
    for item in items:
        _add(built, item, BULLET)


def _technologies(built: Document, entry: Entry) -> None:
    if entry["technologies"]:
        paragraph = built.add_paragraph()
        paragraph.add_run("Technologies: ").bold = True
        paragraph.add_run(", ".join(entry["technologies"]))


def _summary(built: Document, section: Entry) -> None:
    _heading(built, section)
    built.add_paragraph(section["content"])


def _skills(built: Document, section: Entry) -> None:
    _heading(built, section)
    for category in section["categories"]:
        paragraph = built.add_paragraph()
        paragraph.add_run(f"{category['name']}: ").bold = True
        paragraph.add_run(", ".join(skill_name(item) for item in category["items"]))


def _experience(built: Document, section: Entry) -> None:
    _heading(built, section)
    for entry in section["entries"]:
        _entry(built, entry["title"], period(entry), entry["company"], entry["location"])
        _bullets(built, [*entry["bullets"], *entry["achievements"]])
        _technologies(built, entry)


def _projects(built: Document, section: Entry) -> None:
    _heading(built, section)
    for entry in section["entries"]:
        _entry(built, entry["name"], period(entry), bare_url(entry["url"] or ""))
        _bullets(built, [*sentences_of(entry["description"]), *entry["highlights"]])
        _technologies(built, entry)


def _education(built: Document, section: Entry) -> None:
    _heading(built, section)
    for entry in section["entries"]:
        degree = ", ".join(part for part in (entry["degree"], entry["field_of_study"]) if part)
        _entry(built, degree, period(entry), entry["institution"])
        gpa = f"GPA: {entry['gpa']:g}" if entry["gpa"] is not None else None
        details = _SEPARATOR.join(part for part in (gpa, ", ".join(entry["honors"])) if part)
        if details:
            built.add_paragraph(details)


def _certifications(built: Document, section: Entry) -> None:
    _heading(built, section)
    for entry in section["entries"]:
        expiry = f"Expires {format_month(entry['expiry_date'])}" if entry["expiry_date"] else None
        credential = f"Credential ID {entry['credential_id']}" if entry["credential_id"] else None
        _entry(built, entry["name"], format_month(entry["date"]), entry["issuer"], expiry, credential)


def _letter(built: Document, section: Entry) -> None:
    """A letter has no headings: its blocks are paragraphs spaced like a typed letter, the signature
    a blank line below the closing."""
    recipient = section["recipient"]
    blocks = [
        [long_date(date.fromisoformat(section["date"]))],
        [recipient["name"], recipient["company"]],
        [section["salutation"]],
        *([paragraph] for paragraph in section["paragraphs"]),
        [section["closing"]],
        [section["signature"]],
    ]
    gap = built.styles["Normal"].font.size  # about one blank line
    for block in blocks:
        for index, line in enumerate(line for line in block if line):
            paragraph = built.add_paragraph(line)
            if index == 0:
                paragraph.paragraph_format.space_before = gap


_WRITERS: dict[str, Callable[[Document, Entry], None]] = {
    "professional_summary": _summary,
    "skills": _skills,
    "experience": _experience,
    "projects": _projects,
    "education": _education,
    "certifications": _certifications,
    "letter": _letter,
}
