"""Word- and sentence-level measures used by the style profile."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from app.domain.stylometry.lexicon import (
    ADJECTIVAL_PARTICIPLES,
    BE_FORMS,
    CONTRACTION_ENDINGS,
    IRREGULAR_PARTICIPLES,
    PASSIVE_FILLERS,
    S_CONTRACTION_BASES,
    STOPWORDS,
)

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SILENT_ED_ES = ("ed", "es")
_VOICED_ED_ES = ("ted", "ded", "ses", "zes", "ces", "ges", "xes", "ches", "shes")
PHRASE_SIZES = (2, 3, 4)
DIVERSITY_WINDOW = 50


def syllables(word: str) -> int:
    """Estimated syllables: vowel groups, less a silent final "e" or "-ed"/"-es" ending; at least one."""
    word = word.replace("'", "")
    count = len(_VOWEL_GROUP.findall(word))
    silent_e = word.endswith("e") and not word.endswith(("le", "ee", "ye"))
    silent_ending = word.endswith(_SILENT_ED_ES) and not word.endswith(_VOICED_ED_ES)
    if count > 1 and (silent_e or silent_ending):
        count -= 1
    return max(1, count)


def is_contraction(word: str) -> bool:
    if word.endswith(CONTRACTION_ENDINGS):
        return True
    base, _, rest = word.partition("'")
    return rest == "s" and base in S_CONTRACTION_BASES


def has_passive(words: Sequence[str]) -> bool:
    """A form of "be", up to three adverbs, then a past participle that is not a common adjective."""
    for index, word in enumerate(words):
        if word not in BE_FORMS:
            continue
        following = index + 1
        while following < min(len(words), index + 4) and (
            words[following] in PASSIVE_FILLERS or words[following].endswith("ly")
        ):
            following += 1
        if following < len(words) and _is_participle(words[following]):
            return True
    return False


def _is_participle(word: str) -> bool:
    if word in ADJECTIVAL_PARTICIPLES:
        return False
    return word in IRREGULAR_PARTICIPLES or (word.endswith("ed") and len(word) > 4)


def moving_type_token_ratio(words: Sequence[str], window: int = DIVERSITY_WINDOW) -> float:
    """Mean share of distinct words over every window of `window` words (plain ratio when shorter)."""
    if not words:
        return 0.0
    if len(words) <= window:
        return len(set(words)) / len(words)
    counts = Counter(words[:window])
    distinct_total = distinct = len(counts)
    for leaving, entering in zip(words, words[window:], strict=False):
        counts[leaving] -= 1
        if not counts[leaving]:
            distinct -= 1
        if not counts[entering]:
            distinct += 1
        counts[entering] += 1
        distinct_total += distinct
    return distinct_total / ((len(words) - window + 1) * window)


def recurring_phrases(sentences: Sequence[Sequence[str]], *, limit: int) -> list[str]:
    """2-4-word phrases seen at least twice, not starting or ending with a function word.

    A phrase inside a longer one seen as often is left out; the rest rank by count, then length, then
    first appearance.
    """
    counts: Counter[tuple[str, ...]] = Counter()
    first_seen: dict[tuple[str, ...], int] = {}
    position = 0
    for words in sentences:
        for size in PHRASE_SIZES:
            for start in range(len(words) - size + 1):
                gram = tuple(words[start : start + size])
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                    continue
                counts[gram] += 1
                first_seen.setdefault(gram, position + start)
        position += len(words)
    recurring = {gram: count for gram, count in counts.items() if count >= 2}
    covered = {
        inner
        for gram, count in recurring.items()
        for inner in _inner_grams(gram)
        if recurring.get(inner) == count
    }
    ranked = sorted(
        (gram for gram in recurring if gram not in covered),
        key=lambda gram: (-recurring[gram], -len(gram), first_seen[gram]),
    )
    return [" ".join(gram) for gram in ranked[:limit]]


def _inner_grams(gram: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [
        gram[start : start + size]
        for size in range(PHRASE_SIZES[0], len(gram))
        for start in range(len(gram) - size + 1)
    ]


def ranked_by_frequency(items: Sequence[str], *, limit: int) -> list[str]:
    """Distinct items, most frequent first (ties: first appearance)."""
    counts = Counter(items)
    return [item for item, _ in sorted(counts.items(), key=lambda pair: -pair[1])][:limit]
