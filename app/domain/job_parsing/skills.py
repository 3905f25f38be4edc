"""Finding the terms of a skills vocabulary in a text, as whole words.

The vocabulary is a list of entries `Canonical | alias | alias`; a variant written `=Go` matches only
with exactly that case (so the verb "go" or "excel" is not a skill). Text and terms are cut into the
same tokens: letters and digits, held together by inner `.`, `&`, `'` and `-` and followed by any
`+` or `#` ("Node.js", "R&D", "C++", "C#", ".NET"). Every other character separates tokens, so
"CI/CD" is the two tokens "CI CD" and "go" is never found inside "going".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"(?:(?<![^\s(/,;:])\.)?[^\W_]+(?:[.&'\-][^\W_]+)*[+#]*")
# The same without the leading dot: led by a character class, which the regex engine skips to, it reads
# a posting in two thirds of the time. It gives the same tokens whenever no token starts with a dot.
_UNDOTTED_TOKEN = re.compile(r"[^\W_]+(?:[.&'\-][^\W_]+)*[+#]*")
# Where _TOKEN's leading dot can match: a dot first or after a space or one of `(/,;:`, then a letter.
_DOTTED_START = re.compile(r"\.(?<![^\s(/,;:]\.)[^\W_]")


def tokens(text: str) -> list[str]:
    """The words of `text` as the vocabulary cuts them (see the module docstring)."""
    return (_TOKEN if _DOTTED_START.search(text) else _UNDOTTED_TOKEN).findall(text)


class SkillVocabulary:
    def __init__(self, entries: Iterable[str]) -> None:
        self._folded: dict[str, str] = {}  # lower-cased token sequence -> canonical term
        self._exact: dict[str, str] = {}  # token sequence with its exact case -> canonical term
        self._longest = 1
        for entry in entries:
            self._add(entry)
        # Every lower-cased beginning of a term ("machine", "machine learning"): a match is extended
        # only while it can still grow into a term, so a token costs one look-up when none starts there.
        self._prefixes = {
            " ".join(key.split(" ")[:size])
            for key in [*self._folded, *(key.lower() for key in self._exact)]
            for size in range(1, key.count(" ") + 2)
        }

    def __len__(self) -> int:
        return len(set(self._folded.values()) | set(self._exact.values()))

    def _add(self, entry: str) -> None:
        variants = [variant.strip() for variant in entry.split("|") if variant.strip()]
        if not variants:
            return
        canonical = variants[0].removeprefix("=")
        for variant in variants:
            exact = variant.startswith("=")
            words = tokens(variant.removeprefix("="))
            if not words:
                raise ValueError(f"skills vocabulary entry without a word: {entry!r}")
            self._longest = max(self._longest, len(words))
            if exact:
                self._exact[" ".join(words)] = canonical
            else:
                self._folded[" ".join(words).lower()] = canonical

    def find(self, text: str, *, limit: int = 20) -> list[str]:
        """The canonical terms found in `text`, in order of first appearance, at most `limit`."""
        words = tokens(text)
        folded = [word.lower() for word in words]
        found: dict[str, None] = {}
        resume = 0  # the first token after the last term found
        # Only where a term can start: most tokens begin none, and one set look-up rules each out.
        prefixes = self._prefixes
        for index in [index for index, word in enumerate(folded) if word in prefixes]:
            if len(found) >= limit:
                break
            if index < resume:
                continue
            term, size = self._longest_at(words, folded, index)
            if term is not None:
                found[term] = None
            resume = index + size
        return list(found)

    def _longest_at(self, words: list[str], folded: list[str], index: int) -> tuple[str | None, int]:
        longest: tuple[str | None, int] = (None, 1)
        for stop in range(index + 1, min(index + self._longest, len(words)) + 1):
            key = " ".join(folded[index:stop])
            if key not in self._prefixes:
                break
            term = self._folded.get(key) or self._exact.get(" ".join(words[index:stop]))
            if term is not None:
                longest = (term, stop - index)
        return longest
