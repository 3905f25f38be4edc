"""Request and response models of the samples API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from app.domain.enums.document_type import DocumentType
from app.domain.enums.writing_style import ExtractionMethod, SentenceStructure, Tone, VocabularyLevel
from app.presentation.multipart import UploadedFile
from app.presentation.schemas.common import PaginationOut, Schema

Ratio = Annotated[float, Field(ge=0, le=1)]


class SampleUploadForm(BaseModel):
    """The multipart parts of an upload."""

    document_type: DocumentType
    file: UploadedFile

    @field_validator("document_type", mode="before")
    @classmethod
    def _trim(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("file", mode="before")
    @classmethod
    def _must_be_a_file(cls, value: object) -> object:
        if not isinstance(value, UploadedFile):
            raise ValueError("expected a file part (one with a filename), not a text field")
        return value


class LetterLineOut(Schema):
    text: str
    style: str = Field(description="formal or casual")


class ToneMarkersOut(Schema):
    exclamation_ratio: Ratio = Field(description="Share of sentences with an exclamation mark")
    question_ratio: Ratio = Field(description="Share of sentences with a question mark")
    enthusiasm_words_per_100_words: float
    informal_words_per_100_words: float
    formal_words_per_100_words: float


class WritingStyleOut(Schema):
    """The style of a sample; docs/samples.md defines how each field is measured."""

    model_config = ConfigDict(extra="allow")

    tone: Tone
    formality: Ratio
    vocabulary_level: VocabularyLevel
    sentence_structure: SentenceStructure
    avg_sentence_length: float = Field(description="Words per sentence")
    avg_word_length: float = Field(description="Letters per word")
    lexical_diversity: Ratio = Field(description="Type/token ratio averaged over 50-word windows")
    paragraph_count: int
    avg_paragraph_length: float = Field(description="Words per paragraph")
    first_person_ratio: Ratio = Field(description="Share of sentences with a first-person pronoun")
    key_phrases: list[str] = Field(max_length=10, description="Recurring 2-4-word phrases")
    extraction_method: ExtractionMethod
    model: str | None = Field(description="The LLM that refined the style; null for stylometry alone")
    confidence: Ratio
    extracted_at: datetime
    sentence_count: int
    analyzed_word_count: int
    sentence_length_variation: float = Field(description="Standard deviation / mean of sentence lengths")
    sentences_per_paragraph: float
    subordinate_clauses_per_sentence: float
    contractions_per_100_words: float
    passive_voice_ratio: Ratio = Field(description="Share of sentences with a passive construction")
    complex_word_ratio: Ratio = Field(description="Share of words with three or more syllables")
    action_verbs: list[str] = Field(
        max_length=10, description="Accomplishment verbs used, most frequent first"
    )
    bullet_count: int
    bullet_ratio: Ratio = Field(description="Share of the analysed lines that are bullet items")
    greeting: LetterLineOut | None = Field(description="Cover letters: the salutation line")
    closing: LetterLineOut | None = Field(description="Cover letters: the sign-off line")
    tone_markers: ToneMarkersOut


class SampleOut(Schema):
    id: str
    user_id: int
    document_type: DocumentType
    original_filename: str
    word_count: int
    character_count: int
    line_count: int
    is_active: bool
    created_at: datetime
    updated_at: datetime


class SampleDetail(SampleOut):
    full_text: Annotated[str, StringConstraints(strip_whitespace=False)]  # as stored, counts match it
    writing_style: WritingStyleOut | None


class SampleList(Schema):
    samples: list[SampleOut]
    total: int
    pagination: PaginationOut
