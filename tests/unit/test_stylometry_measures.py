"""The building blocks of style extraction: segmentation, word measures, phrases and the labels."""

from __future__ import annotations

import pytest

from app.domain.enums.document_type import DocumentType
from app.domain.stylometry import analyze
from app.domain.stylometry.measures import (
    has_passive,
    is_contraction,
    moving_type_token_ratio,
    recurring_phrases,
    syllables,
)
from app.domain.stylometry.segmentation import segment, split_sentences, words_of


def test_sentences_end_at_terminal_punctuation_but_not_after_abbreviations_or_initials():
    text = "Dr. Lee joined in Jan. 2021. She met J. R. Okoye, e.g. at lunch! Was it useful? Yes."
    assert split_sentences(text) == [
        "Dr. Lee joined in Jan. 2021.",
        "She met J. R. Okoye, e.g. at lunch!",
        "Was it useful?",
        "Yes.",
    ]


def test_words_are_lower_cased_letters_with_inner_apostrophes():
    assert words_of("I\u2019m at Acme-Corp since 2019, it's C++ & Go.") == [
        "i'm",
        "at",
        "acme",
        "corp",
        "since",
        "it's",
        "c",
        "go",
    ]


def test_headings_and_label_lines_are_left_out_and_bullets_are_units():
    lines = [
        "# Jane Doe",
        "jane@example.com | 555 0100",
        "",
        "EXPERIENCE",
        "Data Engineer, Acme (2020 - 2024)",
        "- Built the ingestion pipeline",
        "  for three product teams.",
        "- Cut costs by half",
        "",
        "Skills:",
        "I enjoy hard problems. I write tests first.",
    ]
    segmentation = segment(lines)
    assert [[s.text for s in p] for p in segmentation.paragraphs] == [
        ["Built the ingestion pipeline for three product teams.", "Cut costs by half"],
        ["I enjoy hard problems.", "I write tests first."],
    ]
    assert (segmentation.bullet_lines, segmentation.content_lines) == (2, 9)


def test_a_text_without_prose_is_analysed_with_its_label_lines():
    segmentation = segment(["Python, SQL, Spark", "", "Go, Rust"])
    assert [s.text for s in segmentation.sentences] == ["Python, SQL, Spark", "Go, Rust"]


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("The report was written by the team", True),
        ("The service was recently redesigned", True),
        ("Costs were not reduced", True),
        ("I am excited to apply", False),
        ("We are based in Leeds", False),
        ("She is a great leader", False),
        ("It is indeed true", False),
    ],
)
def test_passive_voice_is_a_form_of_be_followed_by_a_participle(sentence: str, passive: bool):
    assert has_passive(words_of(sentence)) is passive


@pytest.mark.parametrize(
    ("word", "contraction"),
    [("don't", True), ("i'm", True), ("we've", True), ("it's", True), ("let's", True), ("acme's", False)],
)
def test_contractions_include_s_only_after_pronouns(word: str, contraction: bool):
    assert is_contraction(word) is contraction


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("make", 1),
        ("table", 2),
        ("managed", 2),
        ("decided", 3),
        ("optimisation", 5),
        ("rhythm", 1),
    ],
)
def test_syllables_are_estimated_from_vowel_groups(word: str, count: int):
    assert syllables(word) == count


def test_lexical_diversity_is_the_type_token_ratio_averaged_over_windows():
    assert moving_type_token_ratio(["a", "b", "a"]) == pytest.approx(2 / 3)
    # windows of two: (a, a) 1 distinct, (a, b) 2, (b, b) 1 -> (1 + 2 + 1) / (3 * 2)
    assert moving_type_token_ratio(["a", "a", "b", "b"], window=2) == pytest.approx(4 / 6)
    assert moving_type_token_ratio([]) == 0.0


def test_recurring_phrases_skip_function_word_edges_and_phrases_inside_longer_ones():
    sentences = [
        words_of("We trained machine learning models for the team."),
        words_of("Machine learning models need the team."),
        words_of("Machine learning is fun for the team."),
    ]
    # "learning models" always appears inside "machine learning models"; "the team" starts with "the".
    assert recurring_phrases(sentences, limit=10) == ["machine learning", "machine learning models"]
    assert recurring_phrases(sentences, limit=1) == ["machine learning"]


def test_a_letter_without_greeting_or_closing_is_analysed_whole():
    style = analyze(
        "I would like to apply for the role. I have ten years of experience.", DocumentType.COVER_LETTER
    )
    assert (style.greeting, style.closing, style.sentence_count) == (None, None, 2)


def test_a_text_without_words_gets_an_empty_profile_with_no_confidence():
    style = analyze("2021 - 2024\n+44 20 7946 0000", DocumentType.RESUME)
    assert (style.sentence_count, style.analyzed_word_count, style.confidence) == (0, 0, 0.0)
    assert (style.tone, style.formality, style.avg_sentence_length) == ("neutral", 0.5, 0.0)


def test_long_clause_heavy_sentences_read_as_complex_and_formal():
    text = (
        "Although the committee, which met in March, reviewed the proposal thoroughly, the final decision "
        "was deferred because the budget, whose figures were revised twice, remained uncertain. "
        "Consequently, the department, which had anticipated approval, postponed recruitment until the "
        "subsequent financial year, whereas the partner organisations continued their preparations."
    )
    style = analyze(text, DocumentType.COVER_LETTER)
    assert (style.sentence_structure, style.tone, style.vocabulary_level) == ("complex", "formal", "advanced")


def test_confidence_grows_with_length_up_to_four_hundred_words():
    short = analyze("I build reliable data systems.", DocumentType.RESUME)
    long = analyze("I build reliable data systems. " * 100, DocumentType.RESUME)
    assert short.confidence == pytest.approx(0.95 * (5 / 400) ** 0.5, abs=0.01)
    assert long.confidence == 0.95


@pytest.mark.parametrize(
    ("greeting", "closing", "styles"),
    [
        ("To whom it may concern:", "Yours faithfully,", ("formal", "formal")),
        ("Good morning Ms. Diaz,", "Best regards,", ("formal", "formal")),
        ("Hello team,", "Thanks!", ("casual", "casual")),
        ("Hey Priya,", "All the best -", ("casual", "casual")),
    ],
)
def test_a_cover_letters_greeting_and_closing_are_found_and_kept_out_of_the_body(
    greeting: str, closing: str, styles: tuple[str, str]
):
    letter = "\n".join(
        [
            "Ada Okoye",
            "12 High Street",
            "",
            greeting,
            "",
            "I build tools. I ship them.",
            "",
            closing,
            "Ada",
            "ada@x.io",
        ]
    )
    style = analyze(letter, DocumentType.COVER_LETTER)
    assert style.greeting is not None
    assert style.closing is not None
    assert (style.greeting.text, style.closing.text) == (greeting, closing)
    assert (style.greeting.style, style.closing.style) == styles
    assert style.sentence_count == 2


def test_only_the_first_hundred_thousand_characters_are_analysed_cut_at_a_line_end():
    line = "Word one two three four.\n"  # 25 characters: 4,000 lines fill the first 100,000
    style = analyze(line * 10_000, DocumentType.RESUME)
    assert (style.sentence_count, style.analyzed_word_count) == (4_000, 20_000)
