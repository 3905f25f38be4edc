"""An export: a rendered file of one generation (PDF or DOCX) or a ZIP of several, kept until it expires."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.domain.enums.document_type import DocumentType
from app.domain.enums.export import ExportFormat, TemplateId
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
    created_at: datetime = field(default_factory=utc_now)

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
