"""Tables of writing samples and their extracted styles, mapped imperatively onto the domain dataclasses."""

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text, text, true

from app.domain.entities.sample_document import SampleDocument
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.domain.enums.writing_style import ExtractionMethod, ExtractionStatus
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    updated_at_column,
    user_id_column,
)
from app.infrastructure.database.types import JsonType, UuidString, string_enum

sample_documents_table = Table(
    "sample_documents",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("document_type", string_enum(DocumentType, length=20), nullable=False),
    Column("original_filename", String(255), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("character_count", Integer, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("is_active", Boolean, nullable=False, default=True, server_default=true()),
    created_at_column(),
    updated_at_column(),
    # Last: SQLite reads the columns before a large value without walking its overflow pages,
    # so lists, counts and activation never touch the text.
    Column("full_text", Text, nullable=False),
    Index(None, "user_id", "document_type", "created_at"),
)
_samples = sample_documents_table.c
# At most one active sample per user and type: concurrent uploads cannot leave two.
Index(
    "uq_sample_documents_user_id_document_type",
    _samples.user_id,
    _samples.document_type,
    unique=True,
    sqlite_where=_samples.is_active,
    postgresql_where=_samples.is_active,
)

writing_styles_table = Table(
    "writing_styles",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column(
        "sample_id",
        UuidString(),
        ForeignKey("sample_documents.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("extracted_style", JsonType, nullable=False, default=dict, server_default=text("'{}'")),
    Column(
        "extraction_status",
        string_enum(ExtractionStatus, length=10),
        nullable=False,
        default=ExtractionStatus.PENDING,
        server_default=ExtractionStatus.PENDING.value,
    ),
    Column("extraction_method", string_enum(ExtractionMethod, length=20), nullable=False),
    Column("extraction_model", String(100)),
    Column("extraction_confidence", Float),
    created_at_column(),
    updated_at_column(),
    Index(None, "user_id"),
)

mapper_registry.map_imperatively(SampleDocument, sample_documents_table)
mapper_registry.map_imperatively(WritingStyle, writing_styles_table)
