"""Sentences of a profile's text: the bullets a resume shows, and what the truthfulness guard reads.

A text is cut into units first: a line that starts with a bullet mark (`- `, `* `, `•` ...) starts a
unit of its own, a blank line ends one, and any other line goes on the unit before it unless that
one ended a sentence or is a bullet item the line is not indented under (a hard-wrapped line is no
new bullet). Each unit is then split into sentences by
the stylometry package's splitter, which keeps "e.g.", "U.S." and "3.5" whole and is linear.
"""

from __future__ import annotations

from app.domain.stylometry.segmentation import split_sentences

# Marks that need a space after them ("-5% cost" is no bullet), and marks that never start a word.
_SPACED_MARKS = frozenset("-*+\u2013\u2014")
_BULLET_MARKS = frozenset("\u2022\u00b7\u25aa\u25e6")
_SENTENCE_END = frozenset(".!?")


def text_units(text: str) -> list[str]:
    """The bullet items and paragraphs of `text`, each on one line, bullet marks taken off."""
    units: list[list[str]] = []
    joinable = in_bullet = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            joinable = False
            continue
        bullet = line[0] in _BULLET_MARKS or (line[0] in _SPACED_MARKS and line[1:2] in ("", " "))
        if bullet:
            line = line[1:].strip()
            if not line:
                continue
        # After a bullet item only an indented line carries on with it, as in a Markdown list.
        if joinable and not bullet and (not in_bullet or raw[:1].isspace()):
            units[-1].append(line)
        else:
            units.append([line])
            in_bullet = bullet
        joinable = line[-1] not in _SENTENCE_END
    return [" ".join(parts) for parts in units]


def sentences_of(text: str | None) -> list[str]:
    """The sentences of `text` in order (none for None or blank text)."""
    return [sentence for unit in text_units(text or "") for sentence in split_sentences(unit)]
