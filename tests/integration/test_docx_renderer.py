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
from app.domain.generation.letter import LetterDocument, compile_letter
from app.domain.generation.resume import ResumeDocument, compile_resume
from app.domain.generation.sentences import sentences_of
from app.infrastructure.renderers.docx_renderer import DocxRenderer
from tests.unit.document_fixtures import TODAY, canonical, make_job, ranking, rich_profile

RESUME_HEADINGS = ["Professional Summary", "Skills", "Experience", "Projects", "Education", "Certifications"]
LETTER = [
    "I am applying for the Staff Backend Engineer role at Initech.",
    "At Acme Payments I led the ledger rewrite for four teams.",
    "I would welcome a conversation about your payments platform.",
]


@cache
def resume() -> ResumeDocument:
    return compile_resume(
        rich_profile(),
        make_job(),
        ranking(["e-current", "e-older", "e-first"], ["pr-live", "pr-old", "pr-undated"]),
        max_experiences=5,
        max_projects=3,
        include_summary=True,
        job_terms={"python", "postgresql"},
        canonical=canonical,
        today=TODAY,
    )


@cache
def letter() -> LetterDocument:
    return compile_letter(
        rich_profile(),
        make_job(),
        paragraphs=LETTER,
        hiring_manager_name="Ada Smith",
        company_name=None,
        closing=None,
        today=TODAY,
        top_experience_ids=["e-current"],
        top_project_ids=[],
        skills_highlighted=["Python", "PostgreSQL"],
        writing_style_applied=False,
    )


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


@pytest.mark.parametrize("template", list(TemplateId))
def test_a_resume_reads_back_with_its_sections_as_headings_and_its_bullets_as_a_list(template):
    structured = resume().content_structured
    document = read(render(structured, template).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Jane Doe"
    assert document.paragraphs[0].style.name == "Title"
    assert texts[1] == "Senior Backend Engineer"
    assert "jane@example.com" in texts[2]
    assert "linkedin.com/in/janedoe" in texts[2]
    assert styled(document, "Heading 1") == [section["title"] for section in structured["sections"]]
    assert styled(document, "Heading 1") == RESUME_HEADINGS
    assert styled(document, "List Bullet") == expected_bullets(structured)
    assert "Partnered with Stripe to launch instant payouts for 30,000 merchants" in styled(
        document, "List Bullet"
    )
    entries = [title.split("\t")[0] for title in styled(document, "Heading 2")]
    assert entries == [
        *("Senior Backend Engineer", "Software Engineer", "Junior Developer"),
        *("Payout Simulator", "Ledger CLI", "Notes"),
        "BSc, Computer Science",
        "Project Management Professional",
    ]
    assert "Senior Backend Engineer\tMar 2021 - Present" in styled(document, "Heading 2")
    assert "Acme Payments GmbH | Berlin" in texts
    assert "Technical: Python, PostgreSQL, Docker, AWS, Django" in texts
    assert "Languages: German (native), English" in texts
    assert "GPA: 3.7 | Dean's list" in texts
    assert "PMI | Expires May 2025 | Credential ID PMP-123" in texts


def test_each_entry_follows_its_section_heading_in_the_documents_order():
    document = read(render(resume().content_structured).data)
    texts = [p.text for p in document.paragraphs]
    positions = [texts.index(heading) for heading in RESUME_HEADINGS]
    assert positions == sorted(positions)
    assert positions[2] < texts.index("Senior Backend Engineer\tMar 2021 - Present") < positions[3]
    assert positions[4] < texts.index("BSc, Computer Science\tOct 2011 - Sep 2015") < positions[5]


@pytest.mark.parametrize("template", list(TemplateId))
def test_a_cover_letter_reads_back_in_the_order_of_a_letter(template):
    document = read(render(letter().content_structured, template).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Jane Doe"
    assert styled(document, "Heading 1") == []  # a letter carries no section headings
    body = texts[texts.index("June 1, 2025") :]
    assert body == [
        "June 1, 2025",
        "Ada Smith",
        "Initech",
        "Dear Ada Smith,",
        *LETTER,
        "Sincerely,",
        "Jane Doe",
    ]


@pytest.mark.parametrize("template", list(TemplateId))
@pytest.mark.parametrize("kind", ["resume", "letter"])
def test_no_template_uses_tables_or_text_boxes(template, kind):
    structured = (resume() if kind == "resume" else letter()).content_structured
    body = part(render(structured, template).data, "word/document.xml")
    assert "<w:tbl>" not in body
    assert "<w:tbl " not in body
    assert "txbxContent" not in body
    assert "<w:drawing" not in body


@pytest.mark.parametrize(
    ("structured", "content_text"),
    [
        (resume().content_structured, resume().content_text),
        (letter().content_structured, letter().content_text),
    ],
)
def test_word_count_counts_the_words_of_the_text_not_the_separators(structured, content_text):
    rendered = render(structured)
    document = read(rendered.data)
    words = [w for p in document.paragraphs for w in p.text.split() if w not in ("|", "-")]
    assert rendered.word_count == len(words)
    plain = [word for word in content_text.split() if any(char.isalnum() for char in word)]
    assert abs(rendered.word_count - len(plain)) <= 2  # the plain text says "Present" for an ongoing project


def test_document_properties_default_to_the_name_kind_job_and_top_skills():
    properties = read(render(resume().content_structured).data).core_properties
    assert properties.title == "Jane Doe - Resume"
    assert properties.author == "Jane Doe"
    assert properties.subject == "Staff Backend Engineer at Initech"
    assert properties.keywords == ", ".join(resume().content_structured["metadata"]["top_skills"])
    assert properties.keywords.startswith("Python, PostgreSQL")
    assert "python-docx" not in (properties.comments + properties.last_modified_by)
    letter_properties = read(render(letter().content_structured).data).core_properties
    assert letter_properties.title == "Jane Doe - Cover Letter"
    assert letter_properties.keywords == "Python, PostgreSQL"


def test_document_properties_from_the_options_win():
    given = DocumentProperties(title="My CV", author="J. Doe", subject="Application", keywords="payments")
    properties = read(render(resume().content_structured, document_properties=given).data).core_properties
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
    data = render(resume().content_structured, TemplateId.CLASSIC, **options).data
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
    document = read(render(letter().content_structured, font_family=family).data)
    assert document.styles["Normal"].font.name == word_font


def test_headings_carry_the_accent_colour_and_a_rule_in_it():
    document = read(render(resume().content_structured, TemplateId.MODERN, accent_color="#16A34A").data)
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x16, 0xA3, 0x4A)
    assert document.styles["Title"].font.color.rgb == RGBColor(0x16, 0xA3, 0x4A)
    rule = heading.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "16A34A"
    assert document.styles["Title"].element.pPr.find(qn("w:pBdr")) is None  # the template's own rule is gone


def test_ats_optimized_prints_black_without_rules_whatever_accent_is_asked():
    document = read(
        render(resume().content_structured, TemplateId.ATS_OPTIMIZED, accent_color="#16A34A").data
    )
    for name in ("Heading 1", "Title"):
        assert document.styles[name].font.color.rgb == RGBColor(0, 0, 0)
        assert document.styles[name].element.pPr.find(qn("w:pBdr")) is None
    assert document.styles["Entry Details"].font.italic is False


@pytest.mark.parametrize(
    ("style", "bold", "underline"),
    [(HeaderStyle.BOLD, True, False), (HeaderStyle.UNDERLINE, False, True), (HeaderStyle.BOTH, True, True)],
)
def test_header_style_sets_bold_and_underline_on_section_headings(style, bold, underline):
    heading = read(render(resume().content_structured, header_style=style).data).styles["Heading 1"]
    assert (heading.font.bold, heading.font.underline) == (bold, underline)


def test_classic_centres_its_header_and_sets_headings_in_small_capitals():
    document = read(render(resume().content_structured, TemplateId.CLASSIC).data)
    assert document.paragraphs[0].alignment is None  # from the style, not the paragraph
    assert document.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.styles["Heading 1"].font.small_caps is True
    assert read(render(resume().content_structured).data).styles["Title"].paragraph_format.alignment is None


def all_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def test_page_numbers_are_fields_in_the_footer_only_when_asked():
    data = render(resume().content_structured, include_page_numbers=True).data
    footer = read(data).sections[0].footer
    assert footer.paragraphs[0].text == "Page 1 of 1"  # the values shown until Word updates the fields
    instructions = [text.text for text in footer.paragraphs[0]._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE ", " NUMPAGES "]
    assert "instrText" not in all_xml(render(resume().content_structured).data)


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
        "Cooking\tJan 2018 - Jun 2019",
        "School",
        "Certifications",
        "Food Safety\tApr 2021",
        "County",
    ]
    assert styled(document, "List Bullet") == []
    assert document.core_properties.title == "Resume"
    assert rendered.word_count == 20


def test_a_letter_without_a_hiring_manager_names_only_the_company():
    structured = {**letter().content_structured}
    section = {**structured["sections"][0], "recipient": {"name": None, "company": "Initech"}}
    document = read(render({**structured, "sections": [section]}).data)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("June 1, 2025") + 1] == "Initech"


@pytest.mark.parametrize(
    "broken",
    [
        {"header": {"name": "Jane"}},  # no sections
        {**resume().content_structured, "sections": [{"type": "hobbies", "title": "Hobbies"}]},
        {
            **letter().content_structured,
            "sections": [{**letter().content_structured["sections"][0], "date": "soon"}],
        },
    ],
)
def test_a_malformed_document_is_a_render_failure(broken):
    with pytest.raises(RenderFailedError):
        render(broken)
