"""Deterministic tightening of profile text: strong verb first, filler out, every fact kept.

Word-level rules, no patterns: a leading "I" or "responsible for" goes and the gerund after it becomes a
past-tense verb ("Responsible for managing" -> "Managed"); filler words go ("successfully", "various");
wordy phrases shrink ("in order to" -> "to"). Numbers, names and everything else stay as written, and the
text never gets longer, so it always fits the field it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.domain.stylometry.lexicon import ACTION_VERBS
from app.domain.stylometry.segmentation import split_sentences

# Openings that only announce the verb after them (compared in lower case, punctuation stripped).
_LEADS: tuple[tuple[str, ...], ...] = (
    ("i", "was", "responsible", "for"),
    ("was", "responsible", "for"),
    ("responsible", "for"),
    ("i", "was", "in", "charge", "of"),
    ("in", "charge", "of"),
    ("i", "was", "tasked", "with"),
    ("tasked", "with"),
    ("duties", "included"),
    ("i", "worked", "on"),
    ("worked", "on"),
    ("involved", "in"),
)
_FILLER_WORDS = frozenset({"successfully", "various", "very", "really", "basically", "actively"})
_SHORTER: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("in", "order", "to"), ("to",)),
    (("helped", "to"), ("helped",)),
    (("a", "variety", "of"), ()),
    (("a", "wide", "range", "of"), ()),
    (("utilized",), ("used",)),
    (("utilised",), ("used",)),
    (("utilizing",), ("using",)),
    (("utilize",), ("use",)),
)
_IRREGULAR = {
    "building": "built", "leading": "led", "running": "ran", "writing": "wrote", "making": "made",
    "setting": "set", "driving": "drove", "teaching": "taught", "bringing": "brought", "growing": "grew",
    "selling": "sold", "keeping": "kept", "holding": "held", "giving": "gave", "taking": "took",
    "seeing": "saw", "overseeing": "oversaw", "winning": "won", "beginning": "began", "cutting": "cut",
    "putting": "put", "speaking": "spoke", "buying": "bought", "meeting": "met", "finding": "found",
    "sending": "sent", "spending": "spent", "rebuilding": "rebuilt", "rewriting": "rewrote",
    "undertaking": "undertook", "choosing": "chose", "drawing": "drew",
}  # fmt: skip
# Past-tense words that open a bullet as its verb ("Led the ...") and present ones of a current role.
_PAST_IRREGULAR = frozenset(_IRREGULAR.values())
_PRESENT = frozenset(
    [
        "lead",
        "build",
        "design",
        "develop",
        "manage",
        "maintain",
        "own",
        "create",
        "implement",
        "drive",
        "mentor",
        "run",
        "write",
        "ship",
        "support",
        "deliver",
        "oversee",
        "coordinate",
        "automate",
        "optimize",
        "improve",
        "test",
        "plan",
        "analyze",
        "teach",
    ]
)


def _bare(word: str) -> str:
    return word.strip(".,;:!?()\"'").lower()


def _past(gerund: str) -> str | None:
    """The past tense of an -ing word ("managing" -> "managed"), or None when it is no gerund."""
    word = gerund.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ing") or len(word) < 6 or not word.isalpha():
        return None
    stem = word[:-3]
    if stem.endswith("y") and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


def _drop_lead(words: list[str], *, strip_subject: bool) -> list[str]:
    lowered = [_bare(word) for word in words]
    for lead in _LEADS:
        if tuple(lowered[: len(lead)]) == lead and len(words) > len(lead):
            rest = words[len(lead) :]
            verb = _past(rest[0]) if rest[0].isalpha() else None
            return [verb, *rest[1:]] if verb else words
    if strip_subject and lowered[:1] == ["i"] and len(words) > 1 and _bare(words[1]) != "am":
        return words[1:]
    return words


def _shorten(words: list[str]) -> list[str]:
    result: list[str] = []
    index = 0
    while index < len(words):
        for long, short in _SHORTER:
            end = index + len(long)
            if tuple(_bare(word) for word in words[index:end]) == long and words[end - 1][-1:].isalpha():
                result.extend(short)
                index = end
                break
        else:
            word = words[index]
            if _bare(word) in _FILLER_WORDS and word[-1:].isalpha():
                index += 1
                continue
            result.append(word)
            index += 1
    return result


def tighten_sentence(sentence: str, *, strip_subject: bool = True) -> str:
    """One sentence tightened; the original when nothing would be left."""
    words = _shorten(_drop_lead(sentence.split(), strip_subject=strip_subject))
    if not words:
        return sentence.strip()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def tighten(text: str, *, strip_subject: bool = True) -> str:
    """Every sentence of `text` tightened, joined by single spaces."""
    return " ".join(tighten_sentence(s, strip_subject=strip_subject) for s in split_sentences(text.strip()))


def first_person(bullet: str, *, current: bool) -> str:
    """A resume bullet as a sentence of a letter: "Led X" -> "I led X" (a current role's "Lead X" too)."""
    words = bullet.split()
    verb = _bare(words[0]) if words else ""
    if verb in ACTION_VERBS or verb in _PAST_IRREGULAR or (current and verb in _PRESENT):
        return f"I {words[0].lower()} {' '.join(words[1:])}".rstrip()
    return bullet


def _items(items: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [{"id": item["id"], "enhanced_description": tighten(item["description"])} for item in items]


def compose_enhancement(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The enhancement answer for a payload: every text given, tightened."""
    summary = payload["professional_summary"]
    return {
        "professional_summary": tighten(summary, strip_subject=False) if summary else None,
        "experiences": _items(payload["experiences"]),
        "projects": _items(payload["projects"]),
    }
