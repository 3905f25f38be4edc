"""Job keywords, and the synonyms that make two spellings one term (k8s = Kubernetes, RN = registered nurse).

The keyword vocabulary is the job parser's skills vocabulary (data/skills.txt) with the synonyms file
(data/skill_synonyms.txt) added, matched the same way: whole words, `=Term` variants only with their
exact case. A term's canonical spelling is the first variant of its entry. A spelling may belong to one
term only, so a file that would map it to two is refused when loaded.

Two ways to read a text: `terms` finds the terms as the parser does (the longest term at each place,
in order of appearance: what a posting asks for), and `scan` notes every term written anywhere, the
shorter ones inside a longer one too ("React Native" mentions React), which is what matching a
document against a keyword needs: more text never un-matches a keyword. Both look at each word at most
as many times as the longest term has words, so the work grows linearly with the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Protocol

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.job_parsing.skills import SkillVocabulary, tokens

# At most this many keywords per job: parsed keywords first, then requirement terms. Also what keeps the
# ATS score monotone: one keyword more is worth at least 70/KEYWORDS_MAX points (see ats.py).
KEYWORDS_MAX = 40
TERMS_MAX = 500  # distinct terms `terms` answers for one text


class JobText(Protocol):
    """The parts of a job the generation pipeline reads (a `Job` is one)."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def requirements(self) -> Sequence[str]: ...
    @property
    def parsed_keywords(self) -> Sequence[str]: ...


class KeywordVocabulary(SkillVocabulary):
    """The skills vocabulary plus synonyms: every spelling of a term leads to its canonical spelling."""

    def _add(self, entry: str) -> None:
        # Parsed alone first (the parent's own parsing), so a spelling claimed by two terms is refused
        # instead of silently going to whichever line came last.
        single = SkillVocabulary([entry])
        for table, new in ((self._folded, single._folded), (self._exact, single._exact)):
            for key, canonical in new.items():
                if table.get(key, canonical) != canonical:
                    raise ValueError(f"{key!r} is a spelling of both {table[key]!r} and {canonical!r}")
        super()._add(entry)

    @cached_property
    def _exact_folded(self) -> frozenset[str]:
        return frozenset(key.lower() for key in self._exact)

    @cached_property
    def canonicals(self) -> frozenset[str]:
        return frozenset(self._folded.values()) | frozenset(self._exact.values())

    def canonical(self, term: str) -> str:
        """The canonical spelling of `term` when it is a spelling of a known term, else `term` tidied."""
        key = " ".join(tokens(term))
        return self._folded.get(key.lower()) or self._exact.get(key) or " ".join(term.split())

    def terms(self, text: str) -> list[str]:
        """The terms a text asks for: the longest one at each place, in order of first appearance."""
        return self.find(text, limit=TERMS_MAX)

    def scan(self, text: str) -> TextTerms:
        """The text's words and every term written in it, for matching keywords against it."""
        words = tokens(text)
        # One lower() for the whole text (tokens hold no NUL, and lower-casing adds none).
        folded = "\0".join(words).lower().split("\0") if words else []
        return TextTerms(
            words=tuple(folded), counts=Counter(self._every_term(words, folded)), known=self.canonicals
        )

    def _every_term(self, words: list[str], folded: list[str]) -> list[str]:
        # The hot loop of ranking: most words begin no term and are passed over by one set look-up.
        prefixes, exact_folded = self._prefixes, self._exact_folded
        by_folded, by_exact = self._folded, self._exact
        found = []
        for index in [index for index, key in enumerate(folded) if key in prefixes]:
            key, stop = folded[index], index + 1
            while True:
                term = by_folded.get(key)
                if term is None and key in exact_folded:
                    term = by_exact.get(" ".join(words[index:stop]))
                if term is not None:
                    found.append(term)
                if stop == len(words) or stop - index == self._longest:
                    break
                key = f"{key} {folded[stop]}"
                if key not in prefixes:
                    break
                stop += 1
        return found


@dataclass(frozen=True)
class TextTerms:
    """A scanned text: its lower-cased words and how often each vocabulary term occurs in it."""

    words: tuple[str, ...]
    counts: Mapping[str, int]  # canonical term -> occurrences
    known: frozenset[str]  # the vocabulary's canonical terms

    @cached_property
    def _phrase(self) -> str:
        return f" {' '.join(self.words)} "

    def has(self, keyword: str) -> bool:
        """Whether the text mentions `keyword` (a canonical spelling): a vocabulary term in any of its
        spellings, any other keyword as the same words in a row, ignoring case."""
        if keyword in self.known:
            return keyword in self.counts
        words = " ".join(tokens(keyword)).lower()
        return bool(words) and f" {words} " in self._phrase


def unique_keywords(candidates: Iterable[str], *, limit: int) -> list[str]:
    """The non-empty candidates, first spelling of each (ignoring case), at most `limit`."""
    found: dict[str, str] = {}
    for keyword in candidates:
        if keyword and keyword.casefold() not in found:
            found[keyword.casefold()] = keyword
            if len(found) == limit:
                break
    return list(found.values())


def job_keywords(job: JobText, vocabulary: KeywordVocabulary) -> list[str]:
    """Contract 6.1's keywords: the job's parsed keywords, then the terms of its requirements, in canonical
    spelling, each once, at most KEYWORDS_MAX."""
    parsed = (vocabulary.canonical(keyword) for keyword in job.parsed_keywords)
    required = (term for line in job.requirements for term in vocabulary.terms(line))
    return unique_keywords(chain(parsed, required), limit=KEYWORDS_MAX)


def experience_text(experience: Experience) -> str:
    """What an experience says about the work: title, industry, (enhanced) description, achievements,
    technologies. The employer's name is left out: it says who, not what."""
    description = experience.enhanced_description or experience.description or ""
    parts = [experience.title, experience.industry or "", description, *experience.achievements]
    return "\n".join([*parts, ", ".join(experience.technologies)])


def project_text(project: Project) -> str:
    """What a project says: name, (enhanced) description, highlights, technologies."""
    description = project.enhanced_description or project.description
    return "\n".join([project.name, description, *project.highlights, ", ".join(project.technologies)])


def profile_terms(profile: MasterProfile, vocabulary: KeywordVocabulary) -> TextTerms:
    """Everything the profile says the user has done or knows, scanned: summaries, skills, languages,
    certifications, experiences (with employers), projects and education."""
    skills = profile.skills
    parts = [
        profile.professional_summary or "",
        profile.enhanced_professional_summary or "",
        *skills.get("technical", []),
        *skills.get("soft", []),
        *(language.get("name", "") for language in skills.get("languages", [])),
        *(f"{item.name} ({item.issuer})" for item in profile.certifications),
        *(f"{item.company}\n{experience_text(item)}" for item in profile.experiences),
        *(project_text(item) for item in profile.projects),
        *(
            "\n".join([item.degree, item.field_of_study, item.institution, item.description or ""])
            + "\n"
            + "\n".join([*item.relevant_coursework, *item.honors])
            for item in profile.education
        ),
    ]
    return vocabulary.scan("\n".join(parts))
