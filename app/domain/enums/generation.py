"""Enumerations of rankings and generations, with the values of the API contract (§9)."""

from enum import StrEnum


class GenerationStatus(StrEnum):
    PENDING = "pending"
    GENERATING = "generating"
    COMPLETED = "completed"
    FAILED = "failed"


class GenerationMode(StrEnum):
    SYNC = "sync"
    ASYNC = "async"


class RankingStatus(StrEnum):
    COMPLETED = "completed"


class GenerationErrorCode(StrEnum):
    """Why an asynchronous generation failed (its `error_code`)."""

    LLM_UNAVAILABLE = "llm_unavailable"
    LLM_TIMEOUT = "llm_timeout"
    INTERNAL_ERROR = "internal_error"
    INTERRUPTED = "interrupted"
