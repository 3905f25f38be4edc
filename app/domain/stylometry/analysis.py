"""The style profile of a sample: deterministic measures and the labels derived from them."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.enums.writing_style import SentenceStructure, Tone, VocabularyLevel
from app.domain.stylometry import lexicon
from app.domain.stylometry.letter import LetterLine, letter_frame
from app.domain.stylometry.measures import (
    has_passive,
    is_contraction,
    moving_type_token_ratio,
    ranked_by_frequency,
    recurring_phrases,
    syllables,
)
from app.domain.stylometry.segmentation import Segmentation, Sentence, normalize_lines, segment

MAX_ANALYZED_CHARS = 100_000  # about 40 pages: plenty for a style, and it bounds the work per upload
MAX_KEY_PHRASES = 10
MAX_ACTION_VERBS = 10
FULL_CONFIDENCE_WORDS = 400  # a sample this long or longer gets the highest confidence
MAX_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class ToneMarkers:
    exclamation_ratio: float
    question_ratio: float
    enthusiasm_words_per_100_words: float
    informal_words_per_100_words: float
    formal_words_per_100_words: float


@dataclass(frozen=True, slots=True)
class StyleProfile:
    """Every stylometric field of the WritingStyle object (docs/samples.md defines each)."""

    tone: Tone
    formality: float
    vocabulary_level: VocabularyLevel
    sentence_structure: SentenceStructure
    avg_sentence_length: float
    avg_word_length: float
    lexical_diversity: float
    paragraph_count: int
    avg_paragraph_length: float
    first_person_ratio: float
    key_phrases: list[str]
    confidence: float
    sentence_count: int
    analyzed_word_count: int
    sentence_length_variation: float
    sentences_per_paragraph: float
    subordinate_clauses_per_sentence: float
    contractions_per_100_words: float
    passive_voice_ratio: float
    complex_word_ratio: float
    action_verbs: list[str]
    bullet_count: int
    bullet_ratio: float
    greeting: LetterLine | None
    closing: LetterLine | None
    tone_markers: ToneMarkers

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: enums as their values, nested records as objects."""
        return {key: value.value if hasattr(value, "value") else value for key, value in asdict(self).items()}


def analyze(text: str, document_type: DocumentType) -> StyleProfile:
    """The style of `text`, measured on its first lines up to MAX_ANALYZED_CHARS characters."""
    if len(text) > MAX_ANALYZED_CHARS:
        cut = text.rfind("\n", 0, MAX_ANALYZED_CHARS)
        text = text[: cut if cut > 0 else MAX_ANALYZED_CHARS]
    lines = normalize_lines(text)
    greeting = closing = None
    if document_type is DocumentType.COVER_LETTER:
        greeting, closing, lines = letter_frame(lines)
    segmentation = segment(lines)
    return _profile(segmentation, greeting=greeting, closing=closing)


def _per_100(count: int, words: int) -> float:
    return 100 * count / words if words else 0.0


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _profile(
    segmentation: Segmentation, *, greeting: LetterLine | None, closing: LetterLine | None
) -> StyleProfile:
    sentences = segmentation.sentences
    words = [word for sentence in sentences for word in sentence.words]
    lengths = [len(sentence.words) for sentence in sentences]
    n_words, n_sentences, n_paragraphs = len(words), len(sentences), len(segmentation.paragraphs)
    avg_sentence = _share(n_words, n_sentences)
    variation = statistics.pstdev(lengths) / avg_sentence if n_sentences >= 2 else 0.0
    subordinates = _share(sum(1 for word in words if word in lexicon.SUBORDINATORS), n_sentences)
    markers = _tone_markers(sentences, words)
    first_person = _share(
        sum(1 for sentence in sentences if lexicon.FIRST_PERSON.intersection(sentence.words)), n_sentences
    )
    # Word measures are taken once per distinct word and weighted by its count.
    counts = Counter(words)
    contractions = _per_100(sum(n for word, n in counts.items() if is_contraction(word)), n_words)
    passive = _share(sum(1 for sentence in sentences if has_passive(sentence.words)), n_sentences)
    avg_word = _share(sum((len(word) - word.count("'")) * n for word, n in counts.items()), n_words)
    complex_words = _share(sum(n for word, n in counts.items() if syllables(word) >= 3), n_words)
    formality = _formality(
        avg_word_length=avg_word,
        contractions_per_100=contractions,
        passive_ratio=passive,
        first_person_ratio=first_person,
        markers=markers,
    )
    return StyleProfile(
        tone=_tone(formality, markers),
        formality=round(formality, 2),
        vocabulary_level=_vocabulary_level(complex_words),
        sentence_structure=_structure(avg_sentence, variation, subordinates),
        avg_sentence_length=round(avg_sentence, 2),
        avg_word_length=round(avg_word, 2),
        lexical_diversity=round(moving_type_token_ratio(words), 3),
        paragraph_count=n_paragraphs,
        avg_paragraph_length=round(_share(n_words, n_paragraphs), 2),
        first_person_ratio=round(first_person, 3),
        key_phrases=recurring_phrases([s.words for s in sentences], limit=MAX_KEY_PHRASES),
        confidence=round(MAX_CONFIDENCE * math.sqrt(min(1.0, n_words / FULL_CONFIDENCE_WORDS)), 2),
        sentence_count=n_sentences,
        analyzed_word_count=n_words,
        sentence_length_variation=round(variation, 3),
        sentences_per_paragraph=round(_share(n_sentences, n_paragraphs), 2),
        subordinate_clauses_per_sentence=round(subordinates, 3),
        contractions_per_100_words=round(contractions, 2),
        passive_voice_ratio=round(passive, 3),
        complex_word_ratio=round(complex_words, 3),
        action_verbs=ranked_by_frequency(
            [word for word in words if word in lexicon.ACTION_VERBS], limit=MAX_ACTION_VERBS
        ),
        bullet_count=segmentation.bullet_lines,
        bullet_ratio=round(_share(segmentation.bullet_lines, segmentation.content_lines), 3),
        greeting=greeting,
        closing=closing,
        tone_markers=markers,
    )


def _tone_markers(sentences: list[Sentence], words: list[str]) -> ToneMarkers:
    n_words, n_sentences = len(words), len(sentences)
    return ToneMarkers(
        exclamation_ratio=round(_share(sum(1 for s in sentences if "!" in s.text), n_sentences), 3),
        question_ratio=round(_share(sum(1 for s in sentences if "?" in s.text), n_sentences), 3),
        enthusiasm_words_per_100_words=round(
            _per_100(sum(1 for w in words if w in lexicon.ENTHUSIASM_WORDS), n_words), 2
        ),
        informal_words_per_100_words=round(
            _per_100(sum(1 for w in words if w in lexicon.INFORMAL_WORDS), n_words), 2
        ),
        formal_words_per_100_words=round(
            _per_100(sum(1 for w in words if w in lexicon.FORMAL_WORDS), n_words), 2
        ),
    )


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def _formality(
    *,
    avg_word_length: float,
    contractions_per_100: float,
    passive_ratio: float,
    first_person_ratio: float,
    markers: ToneMarkers,
) -> float:
    """0.55, moved up by long words, formal connectives and passives, down by the informal signs."""
    if not avg_word_length:
        return 0.5
    score = (
        0.55
        + 0.15 * _clamp((avg_word_length - 4.5) / 1.0, -1.0, 1.0)
        + 0.10 * min(1.0, markers.formal_words_per_100_words / 1.0)
        + 0.10 * min(1.0, passive_ratio / 0.2)
        - 0.20 * min(1.0, contractions_per_100 / 3.0)
        - 0.20 * min(1.0, markers.informal_words_per_100_words / 1.5)
        - 0.10 * first_person_ratio
        - 0.05 * min(1.0, markers.exclamation_ratio / 0.2)
    )
    return _clamp(score)


def _tone(formality: float, markers: ToneMarkers) -> Tone:
    if markers.exclamation_ratio >= 0.15 or markers.enthusiasm_words_per_100_words >= 1.5:
        return Tone.ENTHUSIASTIC
    if formality >= 0.65:
        return Tone.FORMAL
    if formality < 0.40:
        return Tone.CONVERSATIONAL
    return Tone.NEUTRAL


def _vocabulary_level(complex_word_ratio: float) -> VocabularyLevel:
    if complex_word_ratio >= 0.18:
        return VocabularyLevel.ADVANCED
    if complex_word_ratio >= 0.10:
        return VocabularyLevel.INTERMEDIATE
    return VocabularyLevel.BASIC


def _structure(avg_sentence_length: float, variation: float, subordinates: float) -> SentenceStructure:
    if avg_sentence_length >= 22 or (avg_sentence_length >= 16 and subordinates >= 0.8):
        return SentenceStructure.COMPLEX
    if avg_sentence_length < 12 and variation < 0.4 and subordinates < 0.5:
        return SentenceStructure.SIMPLE
    return SentenceStructure.VARIED
