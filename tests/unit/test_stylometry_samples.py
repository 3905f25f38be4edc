"""Style extraction on hand-written samples (tests/fixtures/samples), with values worked out by hand.

Sentence, word, paragraph, pronoun, contraction, passive, verb, phrase and bullet counts were counted
by hand from the fixture text; the averages and ratios follow from them. Word length, lexical
diversity, complex-word share and formality were checked against their formulas in docs/samples.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.enums.document_type import DocumentType
from app.domain.stylometry import analyze
from tests.writing_style_fields import STYLOMETRY_FIELDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"

EXPECTED: dict[str, tuple[DocumentType, dict[str, Any]]] = {
    "formal_cover_letter.txt": (
        DocumentType.COVER_LETTER,
        {
            "tone": "formal",
            "formality": 0.83,
            "vocabulary_level": "advanced",
            "sentence_structure": "varied",
            "sentence_count": 9,
            "analyzed_word_count": 119,
            "avg_sentence_length": 13.22,
            "avg_word_length": 5.54,
            "lexical_diversity": 0.844,
            "paragraph_count": 4,
            "avg_paragraph_length": 29.75,
            "sentences_per_paragraph": 2.25,
            "first_person_ratio": 0.667,
            "contractions_per_100_words": 0.0,
            "passive_voice_ratio": 0.333,
            "subordinate_clauses_per_sentence": 0.111,
            "key_phrases": ["meridian health"],
            "action_verbs": ["led", "maintained", "introduced", "automated", "reduced", "collaborated"],
            "bullet_count": 0,
            "greeting": {"text": "Dear Ms. Okafor,", "style": "formal"},
            "closing": {"text": "Sincerely,", "style": "formal"},
            "confidence": 0.52,
        },
    ),
    "enthusiastic_cover_letter.md": (
        DocumentType.COVER_LETTER,
        {
            "tone": "enthusiastic",
            "formality": 0.03,
            "sentence_structure": "simple",
            "sentence_count": 7,
            "analyzed_word_count": 76,
            "avg_sentence_length": 10.86,
            "paragraph_count": 3,
            "avg_paragraph_length": 25.33,
            "first_person_ratio": 1.0,
            "contractions_per_100_words": 6.58,
            "passive_voice_ratio": 0.0,
            "key_phrases": [],
            "action_verbs": ["grew", "launched", "ran"],
            "bullet_count": 3,
            "bullet_ratio": 0.5,
            "greeting": {"text": "Hi Sam!", "style": "casual"},
            "closing": {"text": "Cheers,", "style": "casual"},
            "tone_markers": {
                "exclamation_ratio": 0.286,
                "question_ratio": 0.0,
                "enthusiasm_words_per_100_words": 3.95,
                "informal_words_per_100_words": 1.32,
                "formal_words_per_100_words": 0.0,
            },
        },
    ),
    "bullet_resume.md": (
        DocumentType.RESUME,
        {
            "tone": "formal",
            "formality": 0.7,
            "vocabulary_level": "advanced",
            "sentence_structure": "simple",
            "sentence_count": 7,
            "analyzed_word_count": 66,
            "avg_sentence_length": 9.43,
            "avg_word_length": 6.03,
            "paragraph_count": 2,
            "avg_paragraph_length": 33.0,
            "first_person_ratio": 0.0,
            "key_phrases": ["enterprise customers"],
            "action_verbs": ["designed", "built", "reduced", "mentored", "led", "automated"],
            "bullet_count": 7,
            "bullet_ratio": 0.5,
            "greeting": None,
            "closing": None,
        },
    ),
    "casual_summary.txt": (
        DocumentType.RESUME,
        {
            "tone": "conversational",
            "formality": 0.02,
            "vocabulary_level": "basic",
            "sentence_structure": "varied",
            "sentence_count": 6,
            "analyzed_word_count": 67,
            "avg_sentence_length": 11.17,
            "avg_word_length": 4.31,
            "paragraph_count": 2,
            "first_person_ratio": 1.0,
            "contractions_per_100_words": 13.43,
            "sentence_length_variation": 0.421,
            "subordinate_clauses_per_sentence": 0.167,
            "action_verbs": [],
            "key_phrases": [],
        },
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hand_written_sample_gets_its_expected_style(name: str):
    document_type, expected = EXPECTED[name]
    style = analyze((FIXTURES / name).read_text(encoding="utf-8"), document_type).as_dict()
    assert {key: style[key] for key in expected} == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_writing_style_field_of_the_contract_is_filled(name: str):
    document_type, _ = EXPECTED[name]
    style = analyze((FIXTURES / name).read_text(encoding="utf-8"), document_type).as_dict()
    assert set(style) >= STYLOMETRY_FIELDS
    for ratio in ("formality", "lexical_diversity", "first_person_ratio", "confidence"):
        assert 0 <= style[ratio] <= 1
    assert len(style["key_phrases"]) <= 10


def test_the_same_text_always_gets_the_same_style():
    text = (FIXTURES / "formal_cover_letter.txt").read_text(encoding="utf-8")
    assert analyze(text, DocumentType.COVER_LETTER) == analyze(text, DocumentType.COVER_LETTER)


def test_greeting_and_closing_are_only_read_from_cover_letters():
    text = (FIXTURES / "formal_cover_letter.txt").read_text(encoding="utf-8")
    style = analyze(text, DocumentType.RESUME)
    assert (style.greeting, style.closing) == (None, None)
