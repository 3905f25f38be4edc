"""Commands and results of the export use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.entities.export import ExportView
from app.domain.enums.export import ExportFormat, TemplateId
from app.domain.exports.options import ExportOptions


@dataclass(frozen=True)
class ExportPolicy:
    """How long exports are kept, how much a user may keep, and how long a download link lives."""

    retention: timedelta
    storage_limit_bytes: int
    link_ttl_s: int


@dataclass(frozen=True)
class ExportRequest:
    """One document to export."""

    generation_id: str
    format: ExportFormat
    template: TemplateId
    options: ExportOptions
    filename: str | None = None


@dataclass(frozen=True)
class ExportResult:
    view: ExportView
    reused: bool


@dataclass(frozen=True)
class ExportPage:
    items: list[ExportView]
    total: int
    storage_used_bytes: int


@dataclass(frozen=True)
class JobExportPage:
    job_id: str
    job_title: str
    company: str
    items: list[ExportView]
    total: int
    total_size_bytes: int


@dataclass(frozen=True)
class DownloadLink:
    url: str
    expires_at: datetime
