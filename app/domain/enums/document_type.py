"""The kinds of document the service reads samples of and generates, spelled as in the API contract."""

from enum import StrEnum


class DocumentType(StrEnum):
    RESUME = "resume"
    COVER_LETTER = "cover_letter"
