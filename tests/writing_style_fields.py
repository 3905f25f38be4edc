"""The WritingStyle fields of the API contract, shared by the stylometry and the samples API tests."""

STYLOMETRY_FIELDS = frozenset(
    {
        "tone",
        "formality",
        "vocabulary_level",
        "sentence_structure",
        "avg_sentence_length",
        "avg_word_length",
        "lexical_diversity",
        "paragraph_count",
        "avg_paragraph_length",
        "first_person_ratio",
        "key_phrases",
        "confidence",
    }
)
# What the service adds around the stylometry: how, with which model, and when.
WRITING_STYLE_FIELDS = STYLOMETRY_FIELDS | {"extraction_method", "model", "extracted_at"}
