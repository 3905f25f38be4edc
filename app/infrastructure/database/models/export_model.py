"""The exports table (contract §10, table 14), mapped onto the Export dataclass."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, literal_column, text

from app.domain.entities.export import Export
from app.domain.enums.document_type import DocumentType
from app.domain.enums.export import ExportFormat, ExportStatus, TemplateId
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    user_id_column,
)
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString, string_enum

exports_table = Table(
    "exports",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("generation_id", UuidString(), ForeignKey("generations.id", ondelete="CASCADE"), index=True),
    Column("job_id", UuidString(), ForeignKey("jobs.id", ondelete="CASCADE"), index=True),
    Column("document_type", string_enum(DocumentType, length=20)),
    Column("format", string_enum(ExportFormat, length=4), nullable=False),
    Column("template", string_enum(TemplateId, length=20), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("storage_key", String(500), nullable=False),
    Column("file_size_bytes", Integer, nullable=False),
    Column("page_count", Integer),
    Column("options", JsonType, nullable=False, default=dict, server_default=text("'{}'")),
    Column("options_hash", String(64), nullable=False),
    # `metadata` in the database and the API; `details` in Python, where SQLAlchemy reserves the name.
    Column("metadata", JsonType, key="details", nullable=False, default=dict, server_default=text("'{}'")),
    Column("download_count", Integer, nullable=False, default=0, server_default=text("0")),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    # A queued batch's life (files made during their request are completed at once).
    Column(
        "status",
        string_enum(ExportStatus, length=12),
        nullable=False,
        default=ExportStatus.COMPLETED,
        server_default=ExportStatus.COMPLETED.value,
    ),
    Column("error_code", String(50)),
    Column("error_message", Text),
    Column("request", JsonType),  # what a queued batch was asked for; null for files made at once
    created_at_column(),
    Index(None, "user_id", "job_id", "created_at"),
    Index(None, "user_id", "created_at"),
)
_exports = exports_table.c
# One export per generation, template, format and options: an identical request reuses it.
Index(
    "uq_exports_generation_id_template_format_options_hash",
    _exports.generation_id,
    _exports.template,
    _exports.format,
    _exports.options_hash,
    unique=True,
    sqlite_where=_exports.generation_id.isnot(None),
    postgresql_where=_exports.generation_id.isnot(None),
)
# The few unfinished (queued) exports, found at start-up and by a worker's recovery without a scan.
# Written with literals, not parameters, so that a query using it can be served by the partial index.
UNFINISHED = _exports.status.in_(
    [literal_column(f"'{status.value}'") for status in (ExportStatus.PENDING, ExportStatus.RENDERING)]
)
Index("ix_exports_unfinished", _exports.created_at, sqlite_where=UNFINISHED, postgresql_where=UNFINISHED)

mapper_registry.map_imperatively(Export, exports_table)
