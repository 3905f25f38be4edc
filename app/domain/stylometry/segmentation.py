"""Split a plain-text or Markdown sample into paragraphs of sentences.

Rules (documented in the README):
- A paragraph is a run of non-blank lines. A heading (Markdown `#`, an all-capitals line or a short
  line ending with `:`) is skipped.
- A bullet line (`-`, `*`, `+`, `•`, a dash, `1.`, `1)` ...) and its indented continuation lines form one
  unit. The other lines of a paragraph are joined into one unit, which counts as prose only when it
  has sentence punctuation or more than 12 words; otherwise it is a label (a name, a contact line, a
  job title, a greeting) and is left out. A text with no prose at all is analysed with its labels.
- A unit is split into sentences after `.`, `!` or `?` followed by a space and a capital, digit or
  quote, except after a known abbreviation or an initial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.stylometry.lexicon import ABBREVIATIONS

_BULLET = re.compile("^\\s*(?:[-*+\u2022\u00b7\u25aa\u2023\u25e6\u2013\u2014]|\\d{1,3}[.)])\\s+")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_NOISE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[*_`~]+")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[^\W_a-z])")
_TERMINAL = re.compile(r"[.!?][\"')\]]*(?:\s|$)")
LABEL_MAX_WORDS = 12
HEADING_MAX_WORDS = 6


def words_of(text: str) -> list[str]:
    """Lower-cased words (letters with inner apostrophes; numbers and symbols left out)."""
    return _WORD.findall(text.replace("\u2019", "'").lower())


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Segmentation:
    paragraphs: tuple[tuple[Sentence, ...], ...]
    bullet_lines: int
    content_lines: int

    @property
    def sentences(self) -> list[Sentence]:
        return [sentence for paragraph in self.paragraphs for sentence in paragraph]


def segment(lines: list[str]) -> Segmentation:
    blocks = _blocks(lines)
    paragraphs = [_sentences_of(units, keep_labels=False) for units in blocks]
    if not any(paragraphs):
        paragraphs = [_sentences_of(units, keep_labels=True) for units in blocks]
    content = [line for line in lines if line.strip()]
    return Segmentation(
        paragraphs=tuple(tuple(p) for p in paragraphs if p),
        bullet_lines=sum(1 for line in content if _BULLET.match(line)),
        content_lines=len(content),
    )


def is_heading(line: str) -> bool:
    if _MARKDOWN_HEADING.match(line):
        return True
    stripped = line.strip()
    if len(stripped.split(maxsplit=HEADING_MAX_WORDS)) > HEADING_MAX_WORDS:
        return False
    capitals = stripped.isupper() and sum(char.isalpha() for char in stripped) > 1
    return capitals or stripped.endswith(":")


@dataclass
class _Unit:
    text: str
    bullet: bool


def _blocks(lines: list[str]) -> list[list[_Unit]]:
    """Paragraphs as lists of units: each bullet item, and the runs of ordinary lines between them."""
    blocks: list[list[_Unit]] = []
    current: list[_Unit] = []
    for line in [*lines, ""]:
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif is_heading(line):
            current.append(_Unit("", bullet=False))  # a heading ends the run before it
        elif bullet := _BULLET.match(line):
            current.append(_Unit(line[bullet.end() :].strip(), bullet=True))
        elif _continues(current, line):
            current[-1].text += " " + line.strip()
        else:
            current.append(_Unit(line.strip(), bullet=False))
    return blocks


def _continues(units: list[_Unit], line: str) -> bool:
    """An ordinary line joins the run before it; after a bullet item, only an indented line does."""
    if not units or not units[-1].text:
        return False
    return not units[-1].bullet or line[:1].isspace()


def _sentences_of(units: list[_Unit], *, keep_labels: bool) -> list[Sentence]:
    sentences: list[Sentence] = []
    for unit in units:
        text = _NOISE.sub(" ", _LINK.sub(r"\1", unit.text))
        if not (unit.bullet or keep_labels or _is_prose(text)):
            continue
        for piece in split_sentences(text):
            words = words_of(piece)
            if words:
                sentences.append(Sentence(piece, tuple(words)))
    return sentences


def _is_prose(text: str) -> bool:
    return bool(_TERMINAL.search(text)) or len(words_of(text)) > LABEL_MAX_WORDS


def split_sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        candidate = text[start : match.start()]
        last = candidate.split()[-1].lower().rstrip(".") if candidate.split() else ""
        if text[match.start()] == "." and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
