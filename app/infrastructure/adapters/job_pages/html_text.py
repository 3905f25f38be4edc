"""A web page reduced to plain text the parser can read, and its schema.org JobPosting if it has one.

selectolax (the lexbor engine) parses real-world HTML in C, far faster than BeautifulSoup's
pure-Python tree, and ships as one wheel without system libraries.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

_NOISE = ["script", "style", "noscript", "template", "svg", "nav", "footer", "iframe", "form", "button"]
_BLOCKS = (
    "p, div, section, article, header, main, aside, ul, ol, table, tr, dl, dt, dd, blockquote, pre, "
    "h1, h2, h3, h4, h5, h6"
)
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")


def read_page(page: str) -> tuple[str, dict[str, Any] | None]:
    """The page's readable text and its first JobPosting (its description as text), or None."""
    tree = LexborHTMLParser(page)
    posting = next(_job_postings(tree), None)
    if posting is not None:
        description = posting.get("description")
        posting = {
            **posting,
            "description": html_to_text(description) if isinstance(description, str) else "",
        }
    return _text_of(tree), posting


def html_to_text(fragment: str) -> str:
    """An HTML fragment (or plain text, or HTML escaped once more, as JSON-LD often has) as text."""
    if "<" not in fragment and "&lt;" in fragment:
        fragment = html.unescape(fragment)
    return _text_of(LexborHTMLParser(fragment))


def _text_of(tree: LexborHTMLParser) -> str:
    tree.strip_tags(_NOISE)
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return ""
    for item in root.css("li"):
        item.insert_before("\n- ")
    for block in root.css(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    for line_break in root.css("br"):
        line_break.insert_before("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text(separator="").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _job_postings(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(_script_text(script))
        except ValueError:
            continue
        yield from _find_postings(data)


def _script_text(script: LexborNode) -> str:
    return script.text(deep=True) or ""


def _find_postings(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _find_postings(item)
    elif isinstance(data, Mapping):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            yield dict(data)
        yield from _find_postings(data.get("@graph"))
