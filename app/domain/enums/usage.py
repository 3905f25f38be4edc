"""What a usage event counts towards: each kind has its own per-user quota."""

from enum import StrEnum


class UsageKind(StrEnum):
    SAMPLE_UPLOAD = "sample_upload"
    COVER_LETTER = "cover_letter"
    EXPORT = "export"
