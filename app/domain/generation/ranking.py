"""The deterministic ranking of a user's experiences and projects for one job (contract 6.1).

score = 0.5 x BM25 + 0.35 x skill overlap + 0.15 x recency, each part 0-1:

- BM25: Okapi BM25 of the item's text against the job's text, over the user's own items as the
  collection (k1 = 1.5, b = 0.75, the usual values: term frequency saturates after a few mentions, and
  a long description is not favoured for its length alone), divided by the best item's score. Words are
  lower-cased, stop words dropped and plural and -ing/-ed endings cut; every vocabulary term the text
  mentions (in any spelling: k8s, Kubernetes) is one more token, so synonyms meet.
- skill overlap: the share of the job's keywords (job_keywords) the item mentions, in its technologies
  or its text, full at OVERLAP_FULL keywords (or all of them when the job has fewer).
- recency: 1 for a current item, halving every RECENCY_HALF_LIFE_YEARS since it ended.

Ties are broken by recency, then by the user's own order. The written-here BM25 is a few lines over
at most a few hundred items, where a library would add a dependency and its own tokenisation.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.generation.keywords import (
    JobText,
    KeywordVocabulary,
    TextTerms,
    experience_text,
    job_keywords,
    project_text,
)
from app.domain.generation.ranked_content import ItemRelevance, RankedContent

BM25_WEIGHT, OVERLAP_WEIGHT, RECENCY_WEIGHT = 0.5, 0.35, 0.15
K1 = 1.5
B = 0.75
OVERLAP_FULL = 5
RECENCY_HALF_LIFE_YEARS = 4.0
UNDATED_RECENCY = 0.5  # a project without any date: neither recent nor old
DIGITS = 3
# Part of the input hash: a change to how the ranking is computed makes every cached ranking stale.
RANKING_VERSION = 1
TERM_PREFIX = "~"  # marks a vocabulary-term token, so it never equals a plain word

STOP_WORDS = frozenset(
    {
        "a", "about", "above", "across", "after", "again", "against", "all", "also", "an", "and", "any",
        "are", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "doing", "down", "during", "each", "etc", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "more", "most", "my", "no",
        "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out",
        "over", "own", "per", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when",
        "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would", "you", "your",
        "yours",
    }
)  # fmt: skip


def stem(word: str) -> str:
    """A light, deterministic stemmer: plurals and -ing/-ed/-ment endings cut, a final e dropped."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ments", ""), ("ment", ""), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return _drop_e(word[: len(word) - len(suffix)] + replacement)
    if word.endswith("ed") and len(word) >= 5:
        return _drop_e(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 4:
        return _drop_e(word[:-1])
    return _drop_e(word)


def _drop_e(word: str) -> str:
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


@lru_cache(maxsize=8192)
def _word_token(word: str) -> str:
    return "" if len(word) < 2 or word in STOP_WORDS else stem(word)


def bm25_tokens(scanned: TextTerms) -> Counter[str]:
    """The text's tokens as BM25 counts them: stemmed words without stop words, plus its terms."""
    counts = Counter(map(_word_token, scanned.words))
    del counts[""]  # the words left out
    counts.update({TERM_PREFIX + term: count for term, count in scanned.counts.items()})
    return counts


def bm25_scores(query: Iterable[str], documents: Sequence[Counter[str]]) -> list[float]:
    """Okapi BM25 of each document for the (distinct) query tokens, the documents being the collection."""
    if not documents:
        return []
    lengths = [sum(document.values()) for document in documents]
    average = sum(lengths) / len(documents) or 1.0
    frequency = Counter(token for document in documents for token in document)
    total = len(documents)
    weights = {
        token: math.log(1 + (total - frequency[token] + 0.5) / (frequency[token] + 0.5))
        for token in set(query)
        if frequency[token]
    }
    scores = []
    for document, length in zip(documents, lengths, strict=True):
        norm = K1 * (1 - B + B * length / average)
        scores.append(
            sum(
                weights[token] * count * (K1 + 1) / (count + norm)
                for token, count in document.items()
                if token in weights
            )
        )
    return scores


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def recency(*, current: bool, end: str | None, start: str | None, today: date) -> float:
    """1 for a current item, halving every RECENCY_HALF_LIFE_YEARS since it ended (or, without an end
    date, since it started); UNDATED_RECENCY without any date."""
    if current:
        return 1.0
    moment = _date(end) or _date(start)
    if moment is None:
        return UNDATED_RECENCY
    years = max(0, (today - moment).days) / 365.25
    return float(0.5 ** (years / RECENCY_HALF_LIFE_YEARS))


@dataclass(frozen=True)
class _Item:
    id: str
    text: TextTerms
    recency: float


def _experience(item: Experience, vocabulary: KeywordVocabulary, today: date) -> _Item:
    when = recency(current=item.is_current, end=item.end_date, start=item.start_date, today=today)
    return _Item(item.id, vocabulary.scan(experience_text(item)), when)


def _project(item: Project, vocabulary: KeywordVocabulary, today: date) -> _Item:
    when = recency(current=item.is_ongoing, end=item.end_date, start=item.start_date, today=today)
    return _Item(item.id, vocabulary.scan(project_text(item)), when)


def job_text(job: JobText) -> str:
    """The text a job is matched on: title, description, requirements and keywords."""
    return "\n".join([job.title, job.description or "", *job.requirements, ", ".join(job.parsed_keywords)])


def rank_content(
    profile: MasterProfile, job: JobText, *, vocabulary: KeywordVocabulary, today: date
) -> RankedContent:
    """The profile's experiences and projects, each list best first, for `job` (as of `today`)."""
    experiences = [_experience(item, vocabulary, today) for item in profile.experiences]
    projects = [_project(item, vocabulary, today) for item in profile.projects]
    items = [*experiences, *projects]
    keywords = job_keywords(job, vocabulary)
    query = bm25_tokens(vocabulary.scan(job_text(job)))
    raw = bm25_scores(query, [bm25_tokens(item.text) for item in items])
    best = max(raw, default=0.0)
    matches = {item.id: tuple(kw for kw in keywords if item.text.has(kw)) for item in items}
    full = min(len(keywords), OVERLAP_FULL)
    scored = {
        item.id: _relevance(item, bm25=score / best if best > 0 else 0.0, matched=matches[item.id], full=full)
        for item, score in zip(items, raw, strict=True)
    }
    return RankedContent(
        experiences=_ordered([scored[item.id] for item in experiences]),
        projects=_ordered([scored[item.id] for item in projects]),
        keyword_matches={kw: sum(kw in matched for matched in matches.values()) for kw in keywords},
    )


def _relevance(item: _Item, *, bm25: float, matched: tuple[str, ...], full: int) -> ItemRelevance:
    overlap = min(1.0, len(matched) / full) if full else 0.0
    score = BM25_WEIGHT * bm25 + OVERLAP_WEIGHT * overlap + RECENCY_WEIGHT * item.recency
    return ItemRelevance(
        item_id=item.id,
        score=round(score, DIGITS),
        bm25=round(bm25, DIGITS),
        skill_overlap=round(overlap, DIGITS),
        recency=round(item.recency, DIGITS),
        matched_terms=matched,
    )


def _ordered(items: list[ItemRelevance]) -> tuple[ItemRelevance, ...]:
    position = {item.item_id: index for index, item in enumerate(items)}
    return tuple(sorted(items, key=lambda item: (-item.score, -item.recency, position[item.item_id])))


def ranking_input_hash(profile: MasterProfile, job: JobText) -> str:
    """SHA-256 (hex) of exactly what the ranking and its rationale read: the items' texts, employers,
    dates and order, the job's text and keywords, and the ranking's version. Notes, statuses and contact
    details do not count."""
    content = {
        "version": RANKING_VERSION,
        "profile_id": profile.id,
        "experiences": [
            [item.id, item.company, experience_text(item), item.is_current, item.start_date, item.end_date]
            for item in profile.experiences
        ],
        "projects": [
            [item.id, project_text(item), item.is_ongoing, item.start_date, item.end_date]
            for item in profile.projects
        ],
        "job": [job.title, job.description, list(job.requirements), list(job.parsed_keywords)],
    }
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
