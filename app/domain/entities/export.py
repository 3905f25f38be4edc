"""An export: a rendered file of one generation (PDF or DOCX) or a ZIP of several, kept until it expires.

A file made during its request is stored completed. A queued batch (a ZIP made by a worker) is stored
pending with what it was asked for, and goes rendering -> completed, or failed with an error code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.enums.export import ExportErrorCode, ExportFormat, ExportStatus, TemplateId
from app.domain.ids import new_id
from app.domain.time import utc_now


@dataclass(eq=False)
class Export:
    user_id: int
    format: ExportFormat
    template: TemplateId
    filename: str
    storage_key: str
    file_size_bytes: int
    options_hash: str
    expires_at: datetime
    id: str = field(default_factory=new_id)
    generation_id: str | None = None  # None for a ZIP
    job_id: str | None = None
    document_type: DocumentType | None = None
    page_count: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # the API's `metadata`
    download_count: int = 0
    status: ExportStatus = ExportStatus.COMPLETED
    error_code: str | None = None
    error_message: str | None = None
    # A queued batch: its members, options, ZIP name and quota uses (QueuedBatch.as_dict); else None.
    request: dict[str, Any] | None = None
    created_at: datetime = field(default_factory=utc_now)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.COMPLETED, ExportStatus.FAILED)

    def start(self) -> None:
        """pending -> rendering."""
        self.status = ExportStatus.RENDERING

    def complete(
        self, *, file_size_bytes: int, details: dict[str, Any], now: datetime, retention: timedelta
    ) -> None:
        """Hold the finished file: status completed, kept for the retention period from now."""
        self.file_size_bytes = file_size_bytes
        self.details = details
        self.status = ExportStatus.COMPLETED
        self.expires_at = now + retention

    def fail(self, code: ExportErrorCode, message: str) -> None:
        """Record why it failed: status failed, no file."""
        self.status = ExportStatus.FAILED
        self.error_code = code.value
        self.error_message = message

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now

    def renew(self, *, now: datetime, retention: timedelta) -> None:
        """Reused for an identical request: kept for another retention period from now."""
        self.expires_at = now + retention

    def downloaded(self) -> None:
        self.download_count += 1


@dataclass(frozen=True)
class ExportView:
    """An export with its job's title and company when it has one job."""

    export: Export
    job_title: str | None
    company: str | None


@dataclass(frozen=True)
class ExportFilter:
    job_id: str | None = None
    format: ExportFormat | None = None
    document_type: DocumentType | None = None
    template: TemplateId | None = None
