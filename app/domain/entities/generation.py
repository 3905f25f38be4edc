"""A generated document (tailored resume or cover letter) and its life: pending, generating, done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationErrorCode, GenerationMode, GenerationStatus
from app.domain.ids import new_id
from app.domain.time import utc_now


@dataclass(frozen=True)
class GeneratedDocument:
    """What a finished generation holds."""

    content_text: str
    content_structured: dict[str, Any]
    content_used: dict[str, Any]
    ats_score: float
    ats_feedback: dict[str, Any]
    llm_metadata: dict[str, Any]
    ranking_id: str | None


@dataclass(eq=False)
class Generation:
    user_id: int
    job_id: str
    document_type: DocumentType
    mode: GenerationMode
    id: str = field(default_factory=new_id)
    profile_id: str | None = None
    ranking_id: str | None = None
    status: GenerationStatus = GenerationStatus.PENDING
    options: dict[str, Any] = field(default_factory=dict)
    content_text: str | None = None
    content_structured: dict[str, Any] | None = None
    content_used: dict[str, Any] = field(default_factory=dict)
    ats_score: float | None = None
    ats_feedback: dict[str, Any] | None = None
    llm_metadata: dict[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None
    completed_at: datetime | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    @property
    def is_finished(self) -> bool:
        return self.status in (GenerationStatus.COMPLETED, GenerationStatus.FAILED)

    def start(self, *, now: datetime) -> None:
        """pending -> generating."""
        self.status = GenerationStatus.GENERATING
        self.updated_at = now

    def complete(self, document: GeneratedDocument, *, now: datetime) -> None:
        """Hold the finished document: status completed."""
        self.content_text = document.content_text
        self.content_structured = document.content_structured
        self.content_used = document.content_used
        self.ats_score = document.ats_score
        self.ats_feedback = document.ats_feedback
        self.llm_metadata = document.llm_metadata
        self.ranking_id = document.ranking_id
        self.status = GenerationStatus.COMPLETED
        self.completed_at = self.updated_at = now

    def fail(self, code: GenerationErrorCode, message: str, *, now: datetime) -> None:
        """Record why it failed: status failed, no content."""
        self.status = GenerationStatus.FAILED
        self.error_code = code.value
        self.error_message = message
        self.updated_at = now


@dataclass(frozen=True)
class GenerationView:
    """A generation with the title and company of its job, as the API answers it."""

    generation: Generation
    job_title: str
    company: str


@dataclass(frozen=True)
class GenerationFilter:
    """History filters; None means any."""

    document_type: DocumentType | None = None
    job_id: str | None = None
    status: GenerationStatus | None = None
