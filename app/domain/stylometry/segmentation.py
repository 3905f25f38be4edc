"""Split a plain-text or Markdown sample into paragraphs of sentences.

Rules (documented in docs/samples.md):
- A paragraph is a run of non-blank lines. A heading (Markdown `#`, an all-capitals line or a short
  line ending with `:`) is skipped.
- A bullet line (`-`, `*`, `+`, `•`, a dash, `1.`, `1)` ...) and its indented continuation lines form one
  unit. The other lines of a paragraph are joined into one unit, which counts as prose only when it
  has sentence punctuation or more than 12 words; otherwise it is a label (a name, a contact line, a
  job title, a greeting) and is left out. A text with no prose at all is analysed with its labels.
- A unit is split into sentences after `.`, `!` or `?` followed by a space and a capital, digit or
  quote, except after a known abbreviation or an initial.

The lines come from `normalize_lines` (whitespace runs as one space, indentation kept up to four
spaces), and no pattern here can be tried from many positions of one run: see
tests/unit/test_regex_budget.py, which times every pattern on adversarial text of the largest size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.stylometry.lexicon import ABBREVIATIONS

_BULLET = re.compile("^ *(?:[-*+\u2022\u00b7\u25aa\u2023\u25e6\u2013\u2014]|\\d{1,3}[.)]) ")
_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6}(?: |$)")
# Neither part may hold its own opening bracket, so an unclosed `[a](` never scans past the next one.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
# Links, e-mail addresses (a whole token with an `@` after its first character and a `.` after that,
# read from the token's start only) and emphasis marks.
_NOISE = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)\S[^\s@]*@\S[^\s.]*\.\S+|[*_`~]+")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Tried from the first mark of a run of `.!?` only.
_SENTENCE_BREAK = re.compile(r"(?<![.!?])[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[^\W_a-z])")
_TERMINAL = re.compile(r"[.!?][\"')\]]*(?:\s|$)")
LABEL_MAX_WORDS = 12
HEADING_MAX_WORDS = 6
INDENT_MAX = 4  # deeper indentation tells the rules nothing more (a `#` heading allows three spaces)
_LAST_WORD_WINDOW = 64  # longer than any abbreviation: enough to tell the word before a full stop


def normalize_lines(text: str) -> list[str]:
    """Lines split at any line break, whitespace runs inside a line as one space, indentation kept up
    to INDENT_MAX spaces, runs of blank lines as one."""
    lines: list[str] = []
    for raw in text.splitlines():
        words = raw.split()
        if words:
            indent = min(len(raw) - len(raw.lstrip()), INDENT_MAX)
            lines.append(" " * indent + " ".join(words))
        elif lines and lines[-1]:
            lines.append("")
    return lines


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
    parts: list[str]  # its non-blank lines, joined when read (one join, not one per line)
    bullet: bool

    @property
    def text(self) -> str:
        return " ".join(self.parts)


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
            current.append(_Unit([], bullet=False))  # a heading ends the run before it
        elif bullet := _BULLET.match(line):
            current.append(_Unit([line[bullet.end() :].strip()], bullet=True))
        elif _continues(current, line):
            current[-1].parts.append(line.strip())
        else:
            current.append(_Unit([line.strip()], bullet=False))
    return blocks


def _continues(units: list[_Unit], line: str) -> bool:
    """An ordinary line joins the run before it; after a bullet item, only an indented line does."""
    if not units or not units[-1].parts:  # none yet, or a heading
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
        # The word before the mark, read from a short window: slicing from `start` would make a run of
        # abbreviations ("Mr. A Mr. A ...") quadratic.
        before = text[max(start, match.start() - _LAST_WORD_WINDOW) : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if text[match.start()] == "." and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
