"""content_structured + ExportOptions -> the HTML that WeasyPrint prints (Jinja2 files in `templates/`).

A template is a stylesheet over shared markup: `templates/base/` holds the page, the resume and the
cover letter and the macros they share; `templates/<template>/style.css` restyles them, and a template
may also ship its own `resume.html.j2` or `cover_letter.html.j2` (looked up before the base ones).
Every value from the document is HTML-escaped (autoescape), and the options reach the page as CSS
built from validated values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.domain.enums.export import FontFamily, HeaderStyle, TemplateId
from app.domain.exports.options import ExportOptions
from app.domain.generation.letter import long_date
from app.domain.generation.resume import format_month
from app.domain.generation.sentences import sentences_of

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Installed, metric-compatible families first (Debian: fonts-liberation2, fonts-crosextra-carlito,
# fonts-dejavu-core), so a page lays out alike on every machine; the names they stand in for follow.
FONT_STACKS = {
    FontFamily.HELVETICA: '"Liberation Sans", Helvetica, Arial, sans-serif',
    FontFamily.ARIAL: '"Liberation Sans", Arial, Helvetica, sans-serif',
    FontFamily.TIMES: '"Liberation Serif", "Times New Roman", Times, serif',
    FontFamily.GEORGIA: '"DejaVu Serif", Georgia, serif',
    FontFamily.CALIBRI: 'Carlito, Calibri, "Liberation Sans", sans-serif',
}
HEADING_CSS = {  # header_style -> (font-weight, text-decoration) of the section headings
    HeaderStyle.BOLD: ("700", "none"),
    HeaderStyle.UNDERLINE: ("400", "underline"),
    HeaderStyle.BOTH: ("700", "underline"),
}
MUTED = "#4B5563"
TINT = 0.2  # share of the accent in its light tint (rules, chips)
CONTACT_FIELDS = ("email", "phone", "location", "linkedin", "github", "website")
LINKED_FIELDS = frozenset({"linkedin", "github", "website"})
DOCUMENT_TITLES = {"resume": "Resume", "cover-letter": "Cover Letter"}
EN_DASH = "\N{EN DASH}"  # between dates and in titles, as typeset text has it


def tint(colour: str, share: float = TINT) -> str:
    """`#RRGGBB` mixed with white, `share` of it the colour."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02X}" for c in channels)


def bare_url(url: str) -> str:
    """A web address as printed: no scheme, no `www.`, no trailing slash."""
    text = url.strip().removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return text.rstrip("/")


def href(url: str) -> str:
    """The link target of a web address: https added when no scheme is given."""
    text = url.strip()
    return text if text.startswith(("https://", "http://")) else f"https://{bare_url(text)}"


def contacts_of(header: Mapping[str, Any]) -> list[dict[str, str | None]]:
    """The header's contact details in the contract's order, each with its link (None: plain text)."""
    items: list[dict[str, str | None]] = []
    for name in CONTACT_FIELDS:
        value = (header.get(name) or "").strip()
        if not value:
            continue
        if name in LINKED_FIELDS:
            items.append({"text": bare_url(value), "href": href(value)})
        else:
            items.append({"text": value, "href": f"mailto:{value}" if name == "email" else None})
    return items


def period(entry: Mapping[str, Any]) -> str:
    """`Mar 2021 - Present`, `Jan 2017 - Feb 2021` (an en dash), or the start alone when no end is known."""
    end = "Present" if entry.get("is_current") else format_month(entry.get("end_date"))
    return f" {EN_DASH} ".join(part for part in (format_month(entry.get("start_date")), end) if part)


def skill_name(item: str | Mapping[str, Any]) -> str:
    """A skill, or a language as `German (native)`."""
    if isinstance(item, str):
        return item
    return f"{item['name']} ({item['proficiency']})" if item.get("proficiency") else str(item["name"])


@cache
def environment() -> Environment:
    """The templates, loaded once per process."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        period=period,
        month=format_month,
        long_date=lambda value: long_date(date.fromisoformat(value)),
        sentences=sentences_of,
        skill_name=skill_name,
        bare_url=bare_url,
        href=href,
    )
    return env


def stylesheet(template: TemplateId, options: ExportOptions) -> str:
    """The page's CSS: the options (page box, custom properties), the shared rules, the template's."""
    env = environment()
    weight, decoration = HEADING_CSS[options.header_style]
    page = env.get_template("base/options.css.j2").render(
        margins=options.margins,
        page_numbers=options.include_page_numbers,
        font_stack=FONT_STACKS[options.font_family],
        font_size=options.font_size,
        line_spacing=options.line_spacing,
        accent=options.accent_color,
        accent_tint=tint(options.accent_color),
        muted="#000000" if template is TemplateId.ATS_OPTIMIZED else MUTED,
        heading_weight=weight,
        heading_decoration=decoration,
    )
    shared = env.get_template("base/base.css").render()
    own = env.get_template(f"{template.value}/style.css").render()
    return "\n".join((page, shared, own))


def document_kind(document: Mapping[str, Any]) -> str:
    """`cover-letter` when the document is a letter (its one section), else `resume`."""
    sections = document.get("sections") or []
    return "cover-letter" if any(s.get("type") == "letter" for s in sections) else "resume"


def properties_of(document: Mapping[str, Any], options: ExportOptions, kind: str) -> dict[str, str]:
    """PDF metadata: the options' document_properties, else the name, the job and the top skills."""
    header, metadata = document["header"], document.get("metadata") or {}
    given = options.document_properties
    job = " at ".join(part for part in (metadata.get("job_title"), metadata.get("company")) if part)
    return {
        "title": given.title or f"{header['name']} {EN_DASH} {DOCUMENT_TITLES[kind]}",
        "author": given.author or header["name"],
        "subject": given.subject or job,
        "keywords": given.keywords or ", ".join(metadata.get("top_skills") or []),
    }


def render_html(document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions) -> str:
    """The document as one HTML page with its stylesheet inline."""
    kind = document_kind(document)
    file_name = kind.replace("-", "_") + ".html.j2"
    page = environment().select_template([f"{template.value}/{file_name}", f"base/{file_name}"])
    return page.render(
        header=document["header"],
        contacts=contacts_of(document["header"]),
        sections=document["sections"],
        properties=properties_of(document, options, kind),
        template=template.value,
        document_class=kind,
        # built from validated options and our own files only: safe inside <style>
        stylesheet=Markup(stylesheet(template, options)),  # noqa: S704
    )
