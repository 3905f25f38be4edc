"""How the local composer writes in a user's voice: settings read off a WritingStyle document, and
sentences assembled from clauses to the style's sentence length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Register = Literal["formal", "neutral", "casual"]

NEUTRAL_SENTENCE_WORDS = 18.0
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 8.0, 32.0
CONTRACTIONS_FROM = 1.0  # contractions per 100 words from which the user is taken to use them
FIRST_PERSON_FROM = 0.3  # share of first-person sentences below which template sentences avoid "I"
_CONTRACTIONS = (
    ("I am ", "I'm "),
    ("I would ", "I'd "),
    ("I have ", "I've "),
    ("I will ", "I'll "),
    ("It is ", "It's "),
    ("it is ", "it's "),
    ("That is ", "That's "),
    ("that is ", "that's "),
)


@dataclass(frozen=True)
class Voice:
    register: Register
    contractions: bool
    sentence_words: float  # the sentence length aimed at
    first_person: bool
    enthusiastic: bool
    casual_closing: bool


NEUTRAL = Voice("neutral", False, NEUTRAL_SENTENCE_WORDS, True, False, False)


def _number(style: Mapping[str, Any], key: str, default: float) -> float:
    value = style.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def voice_of(style: Mapping[str, Any] | None) -> Voice:
    """The voice a WritingStyle document describes; NEUTRAL without one."""
    if not style:
        return NEUTRAL
    tone = style.get("tone")
    formality = _number(style, "formality", 0.55)
    register: Register = "neutral"
    if tone == "formal" or formality >= 0.65:
        register = "formal"
    elif tone == "conversational" or formality < 0.40:
        register = "casual"
    length = _number(style, "avg_sentence_length", 0.0) or NEUTRAL_SENTENCE_WORDS
    closing = style.get("closing")
    return Voice(
        register=register,
        contractions=_number(style, "contractions_per_100_words", 0.0) >= CONTRACTIONS_FROM,
        sentence_words=min(MAX_SENTENCE_WORDS, max(MIN_SENTENCE_WORDS, length)),
        first_person=_number(style, "first_person_ratio", 1.0) >= FIRST_PERSON_FROM,
        enthusiastic=tone == "enthusiastic",
        casual_closing=isinstance(closing, dict) and closing.get("style") == "casual",
    )


@dataclass(frozen=True)
class Clause:
    """A sentence-to-be without its final stop. `lowerable`: its first word may be lower-cased when it
    follows another clause (template words, never a name from the profile); a clause that is not
    `joinable` (a bullet that is no full sentence) always stands alone."""

    text: str
    lowerable: bool = False
    joinable: bool = True


def spoken(voice: Voice, text: str, *, lowerable: bool = True) -> Clause:
    """A template clause in the voice: contracted when the user writes contractions."""
    if voice.contractions:
        for full, short in _CONTRACTIONS:
            text = text.replace(full, short)
    return Clause(text, lowerable)


def listed(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def article(noun: str) -> str:
    """`noun` after "a" or "an" by its first letter."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _words(text: str) -> int:
    return len(text.split())


def _joined(first: str, clause: Clause) -> str:
    text = f"{clause.text[:1].lower()}{clause.text[1:]}" if clause.lowerable else clause.text
    return f"{first}, and {text}"


def sentences(clauses: Sequence[Clause], voice: Voice, *, stop: str = ".") -> str:
    """The clauses as sentences: a clause joins the one before while the sentence stays within the
    voice's length, so a long-sentence style reads as fewer, longer sentences."""
    built: list[str] = []
    joined = 0  # clauses already joined into the current sentence
    open_ = False  # whether the current sentence may take another clause
    for clause in clauses:
        text = clause.text.rstrip(" .;,!?")
        fits = open_ and clause.joinable and _words(built[-1]) + _words(text) <= voice.sentence_words * 1.2
        if fits and joined < 2:
            built[-1] = _joined(built[-1], Clause(text, clause.lowerable))
            joined += 1
        else:
            built.append(text)
            joined = 0
        open_ = clause.joinable
    return " ".join(f"{text}{'' if text[-1:] in '.!?' else stop}" for text in built)
