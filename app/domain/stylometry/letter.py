"""A cover letter's frame: its greeting and closing lines, and the body between them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.stylometry import lexicon
from app.domain.stylometry.segmentation import LABEL_MAX_WORDS

FRAME_SEARCH_LINES = 10  # a greeting is looked for in the first lines, a closing in the last ones
LETTER_LINE_MAX_CHARS = 100

_GREETING = re.compile(
    "^(" + "|".join(map(re.escape, lexicon.FORMAL_GREETINGS + lexicon.CASUAL_GREETINGS)) + r")\b"
)


@dataclass(frozen=True, slots=True)
class LetterLine:
    """A greeting or closing line and whether it reads formal or casual."""

    text: str
    style: str


def letter_frame(lines: list[str]) -> tuple[LetterLine | None, LetterLine | None, list[str]]:
    """The greeting, the closing, and the body between them (the address block and signature left out)."""
    content = [index for index, line in enumerate(lines) if line.strip()]
    start, end = 0, len(lines)
    greeting = closing = None
    for index in content[:FRAME_SEARCH_LINES]:
        greeting = _greeting(lines[index])
        if greeting is not None:
            start = index + 1
            break
    for index in reversed(content[-FRAME_SEARCH_LINES:]):
        if index < start:
            break
        closing = _closing(lines[index])
        if closing is not None:
            end = index
            break
    return greeting, closing, lines[start:end]


def _greeting(line: str) -> LetterLine | None:
    stripped = line.strip()
    found = _GREETING.match(stripped.lower())
    if found is None or len(stripped.split()) > LABEL_MAX_WORDS:
        return None
    style = "formal" if found.group(1) in lexicon.FORMAL_GREETINGS else "casual"
    return LetterLine(stripped[:LETTER_LINE_MAX_CHARS], style)


def _closing(line: str) -> LetterLine | None:
    stripped = line.strip()
    phrase = stripped.rstrip(",.!;:-— ").lower()
    if phrase in lexicon.FORMAL_CLOSINGS:
        return LetterLine(stripped[:LETTER_LINE_MAX_CHARS], "formal")
    if phrase in lexicon.CASUAL_CLOSINGS:
        return LetterLine(stripped[:LETTER_LINE_MAX_CHARS], "casual")
    return None
