"""The DOCX renderer: every template and document type read back with python-docx, options applied."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId
from app.domain.errors import RenderFailedError
from app.domain.exports.options import DocumentProperties, ExportOptions, Margins
from app.domain.generation.letter import letter_text
from app.domain.generation.resume import resume_text
from app.domain.generation.sentences import sentences_of
from app.infrastructure.renderers.docx_renderer import DocxRenderer
from tests.integration.render_documents import LETTER_PARAGRAPHS, cover_letter, long_resume, short_resume

RESUME_HEADINGS = ["Professional Summary", "Skills", "Experience", "Projects", "Education", "Certifications"]
DOCUMENTS = {"short resume": short_resume, "long resume": long_resume, "cover letter": cover_letter}


@cache
def resume() -> dict[str, Any]:
    return long_resume()


@cache
def letter() -> dict[str, Any]:
    return cover_letter()


def render(structured: dict[str, Any], template: TemplateId = TemplateId.MODERN, **options: Any):
    return DocxRenderer().render(structured, template=template, options=ExportOptions(**options))


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def expected_bullets(structured: dict[str, Any]) -> list[str]:
    bullets: list[str] = []
    for section in structured["sections"]:
        for entry in section.get("entries", []):
            if section["type"] == "experience":
                bullets += [*entry["bullets"], *entry["achievements"]]
            elif section["type"] == "projects":
                bullets += [*sentences_of(entry["description"]), *entry["highlights"]]
    return bullets


def entry_titles(structured: dict[str, Any]) -> list[str]:
    """Each entry's title as the PDF heads it: role, project, degree (with its field), certification."""
    titles: list[str] = []
    for section in structured["sections"]:
        for entry in section.get("entries", []):
            degree = ", ".join(part for part in (entry.get("degree"), entry.get("field_of_study")) if part)
            titles.append(entry.get("title") or degree or entry["name"])
    return titles


@pytest.mark.parametrize("template", list(TemplateId))
@pytest.mark.parametrize("name", ["short resume", "long resume"])
def test_a_resume_reads_back_with_its_sections_as_headings_and_its_bullets_as_a_list(template, name):
    structured = DOCUMENTS[name]()
    document = read(render(structured, template).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Jane Doe"
    assert document.paragraphs[0].style.name == "Title"
    assert texts[1] == "Senior Backend Engineer"
    assert "jane@example.com | +49 30 1234567 | Berlin, Germany | linkedin.com/in/janedoe" in texts[2]
    assert styled(document, "Heading 1") == RESUME_HEADINGS
    assert styled(document, "List Bullet") == expected_bullets(structured)
    assert [title.split("\t")[0] for title in styled(document, "Heading 2")] == entry_titles(structured)
    assert "Senior Backend Engineer\tMar 2021 \u2013 Present" in styled(document, "Heading 2")
    assert "Partnered with Stripe to launch instant payouts for 30,000 merchants" in texts
    assert "Acme Payments GmbH | Berlin" in texts
    assert "Technical: Python, PostgreSQL, Docker, AWS, Django" in texts
    assert "Languages: German (native), English" in texts
    assert "Technologies: Python, Apache Kafka, Postgres" in texts
    assert "GPA: 3.7 | Dean's list" in texts
    assert "PMI | Expires May 2025 | Credential ID PMP-123" in texts


def test_the_long_resume_shows_every_entry_newest_first_under_its_section():
    document = read(render(resume()).data)
    texts = [p.text for p in document.paragraphs]
    positions = [texts.index(heading) for heading in RESUME_HEADINGS]
    assert positions == sorted(positions)
    roles = [
        t.split("\t")[0] for t in texts[positions[2] : positions[3]] if t in styled(document, "Heading 2")
    ]
    assert roles == [
        *("Senior Backend Engineer", "Software Engineer", "Junior Developer"),
        *("Backend Engineer 1", "Backend Engineer 2"),
    ]
    assert positions[3] < texts.index("Open Ledger Format\tJan 2020 \u2013 Jun 2021") < positions[4]
    assert texts[texts.index("Open Ledger Format\tJan 2020 \u2013 Jun 2021") + 1] == "ledger.example.org"
    assert positions[4] < texts.index("BSc, Computer Science\tOct 2011 \u2013 Sep 2015") < positions[5]


@pytest.mark.parametrize("template", list(TemplateId))
def test_a_cover_letter_reads_back_in_the_order_of_a_letter(template):
    document = read(render(letter(), template).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Jane Doe", "Senior Backend Engineer"]
    assert styled(document, "Heading 1") == []  # a letter carries no section headings
    assert styled(document, "List Bullet") == []
    assert texts[3:] == [
        "June 1, 2025",
        "Ms. Rivera",
        "Initech",
        "Dear Ms. Rivera,",
        *LETTER_PARAGRAPHS,
        "Sincerely,",
        "Jane Doe",
    ]


@pytest.mark.parametrize("template", list(TemplateId))
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_template_uses_tables_or_text_boxes(template, name):
    body = part(render(DOCUMENTS[name](), template).data, "word/document.xml")
    assert "<w:p>" in body or "<w:p " in body
    assert "<w:tbl>" not in body
    assert "<w:tbl " not in body
    assert "txbxContent" not in body
    assert "<w:drawing" not in body


@pytest.mark.parametrize(
    ("structured", "plain_text"),
    [(resume(), resume_text(resume())), (letter(), letter_text(letter()))],
)
def test_word_count_counts_the_words_of_the_text_not_the_separators(structured, plain_text):
    rendered = render(structured)
    document = read(rendered.data)
    words = [w for p in document.paragraphs for w in p.text.split() if w not in ("|", "-", "\u2013")]
    assert rendered.word_count == len(words)
    assert rendered.word_count == len([w for w in plain_text.split() if any(c.isalnum() for c in w)])


def test_document_properties_default_to_the_name_kind_job_and_top_skills():
    properties = read(render(resume()).data).core_properties
    assert properties.title == "Jane Doe \u2013 Resume"
    assert properties.author == "Jane Doe"
    assert properties.subject == "Staff Backend Engineer at Initech"
    assert properties.keywords == ", ".join(resume()["metadata"]["top_skills"])
    assert properties.keywords.startswith("Python, PostgreSQL")
    assert properties.category == "Resume"
    assert "python-docx" not in (properties.comments + properties.last_modified_by)
    letter_properties = read(render(letter()).data).core_properties
    assert letter_properties.title == "Jane Doe \u2013 Cover Letter"
    assert letter_properties.keywords == "Python, PostgreSQL"


def test_document_properties_from_the_options_win():
    given = DocumentProperties(title="My CV", author="J. Doe", subject="Application", keywords="payments")
    properties = read(render(resume(), document_properties=given).data).core_properties
    assert (properties.title, properties.author, properties.subject, properties.keywords) == (
        "My CV",
        "J. Doe",
        "Application",
        "payments",
    )


def test_font_size_spacing_and_margins_are_set_on_the_styles_and_the_page():
    options = {
        "font_family": FontFamily.TIMES,
        "font_size": 12.0,
        "line_spacing": 1.5,
        "margins": Margins(top=1.0, bottom=0.5, left=1.25, right=0.6),
    }
    data = render(resume(), TemplateId.CLASSIC, **options).data
    document = read(data)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    section = document.sections[0]
    assert (section.top_margin, section.bottom_margin) == (Inches(1.0), Inches(0.5))
    assert (section.left_margin, section.right_margin) == (Inches(1.25), Inches(0.6))
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    styles = part(data, "word/styles.xml")
    assert "Theme" not in styles.split("<w:latentStyles")[0].split("<w:docDefaults>")[1]  # no theme font wins
    assert document.styles["Heading 1"].element.rPr.find(qn("w:rFonts")) is None  # inherits the named font


@pytest.mark.parametrize(
    ("family", "word_font"),
    [
        (FontFamily.HELVETICA, "Arial"),
        (FontFamily.ARIAL, "Arial"),
        (FontFamily.GEORGIA, "Georgia"),
        (FontFamily.CALIBRI, "Calibri"),
    ],
)
def test_each_font_family_is_named_as_word_knows_it(family, word_font):
    document = read(render(letter(), font_family=family).data)
    assert document.styles["Normal"].font.name == word_font


def test_headings_carry_the_accent_colour_and_a_rule_in_it():
    document = read(render(resume(), TemplateId.MODERN, accent_color="#16A34A").data)
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x16, 0xA3, 0x4A)
    assert document.styles["Title"].font.color.rgb == RGBColor(0x16, 0xA3, 0x4A)
    rule = heading.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "16A34A"
    assert document.styles["Title"].element.pPr.find(qn("w:pBdr")) is None  # the template's own rule is gone


def test_ats_optimized_prints_black_without_rules_whatever_accent_is_asked():
    document = read(render(resume(), TemplateId.ATS_OPTIMIZED, accent_color="#16A34A").data)
    for name in ("Heading 1", "Title"):
        assert document.styles[name].font.color.rgb == RGBColor(0, 0, 0)
        assert document.styles[name].element.pPr.find(qn("w:pBdr")) is None
    assert document.styles["Entry Details"].font.italic is False


@pytest.mark.parametrize(
    ("style", "bold", "underline"),
    [(HeaderStyle.BOLD, True, False), (HeaderStyle.UNDERLINE, False, True), (HeaderStyle.BOTH, True, True)],
)
def test_header_style_sets_bold_and_underline_on_section_headings(style, bold, underline):
    heading = read(render(resume(), header_style=style).data).styles["Heading 1"]
    assert (heading.font.bold, heading.font.underline) == (bold, underline)


def test_classic_centres_its_header_and_sets_headings_in_small_capitals():
    document = read(render(resume(), TemplateId.CLASSIC).data)
    assert document.paragraphs[0].alignment is None  # from the style, not the paragraph
    assert document.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.styles["Heading 1"].font.small_caps is True
    assert read(render(resume()).data).styles["Title"].paragraph_format.alignment is None


def all_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def test_page_numbers_are_fields_in_the_footer_only_when_asked():
    data = render(resume(), include_page_numbers=True).data
    footer = read(data).sections[0].footer
    assert footer.paragraphs[0].text == "Page 1 of 1"  # the values shown until Word updates the fields
    instructions = [text.text for text in footer.paragraphs[0]._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE ", " NUMPAGES "]
    assert "instrText" not in all_xml(render(resume()).data)


def test_sparse_documents_leave_out_what_they_lack():
    structured = {
        "header": {
            "name": "",
            "title": None,
            "email": "",
            "phone": None,
            "location": None,
            "linkedin": None,
            "github": None,
            "website": None,
        },
        "sections": [
            {
                "type": "experience",
                "title": "Experience",
                "entries": [
                    {
                        "id": "e",
                        "title": "Cook",
                        "company": "Diner",
                        "location": None,
                        "start_date": "2020-01-01",
                        "end_date": None,
                        "is_current": False,
                        "description": None,
                        "bullets": [],
                        "achievements": [],
                        "technologies": [],
                    }
                ],
            },
            {
                "type": "projects",
                "title": "Projects",
                "entries": [
                    {
                        "id": "p",
                        "name": "Menu",
                        "description": "",
                        "technologies": [],
                        "url": None,
                        "start_date": None,
                        "end_date": None,
                        "highlights": [],
                    }
                ],
            },
            {
                "type": "education",
                "title": "Education",
                "entries": [
                    {
                        "id": "d",
                        "degree": "",
                        "field_of_study": "Cooking",
                        "institution": "School",
                        "start_date": "2018-01-01",
                        "end_date": "2019-06-30",
                        "gpa": None,
                        "honors": [],
                    }
                ],
            },
            {
                "type": "certifications",
                "title": "Certifications",
                "entries": [
                    {
                        "id": "c",
                        "name": "Food Safety",
                        "issuer": "County",
                        "date": "2021-04-01",
                        "expiry_date": None,
                        "credential_id": None,
                    }
                ],
            },
        ],
        "metadata": {"document_type": "resume", "job_title": "Chef", "company": "Bistro", "top_skills": []},
    }
    rendered = render(structured)
    document = read(rendered.data)
    assert [p.text for p in document.paragraphs] == [
        "",
        "Experience",
        "Cook\tJan 2020",
        "Diner",
        "Projects",
        "Menu",
        "Education",
        "Cooking\tJan 2018 \u2013 Jun 2019",
        "School",
        "Certifications",
        "Food Safety\tApr 2021",
        "County",
    ]
    assert styled(document, "List Bullet") == []
    assert rendered.word_count == 20


def test_control_characters_pasted_into_the_text_are_dropped_not_a_failed_export():
    summary = {
        "type": "professional_summary",
        "title": "Summary",
        "content": "Builds\x0b payment\x00 systems\ufffe.",
    }
    structured = {**resume(), "sections": [summary]}
    texts = [p.text for p in read(render(structured).data).paragraphs]
    assert texts[-1] == "Builds payment systems."


def test_a_letter_without_a_hiring_manager_names_only_the_company():
    structured = {**letter()}
    section = {**structured["sections"][0], "recipient": {"name": None, "company": "Initech"}}
    document = read(render({**structured, "sections": [section]}).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("June 1, 2025") + 1] == "Initech"


@pytest.mark.parametrize(
    "broken",
    [
        {"header": {"name": "Jane"}},  # no sections
        {**resume(), "sections": [{"type": "hobbies", "title": "Hobbies"}]},
        {
            **letter(),
            "sections": [{**letter()["sections"][0], "date": "soon"}],
        },
    ],
)
def test_a_malformed_document_is_a_render_failure(broken):
    with pytest.raises(RenderFailedError):
        render(broken)
