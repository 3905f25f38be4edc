"""Enumerations of style extraction, spelled exactly as in the API contract."""

from enum import StrEnum


class ExtractionStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


class ExtractionMethod(StrEnum):
    STYLOMETRY = "stylometry"
    STYLOMETRY_LLM = "stylometry+llm"


class Tone(StrEnum):
    FORMAL = "formal"
    NEUTRAL = "neutral"
    CONVERSATIONAL = "conversational"
    ENTHUSIASTIC = "enthusiastic"


class VocabularyLevel(StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class SentenceStructure(StrEnum):
    SIMPLE = "simple"
    VARIED = "varied"
    COMPLEX = "complex"
