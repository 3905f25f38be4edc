"""Writing samples, their extracted styles, and usage events for quotas.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_id() -> sa.Column[int]:
    return sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "sample_documents",
        sa.Column("id", UuidString(), primary_key=True),
        _user_id(),
        sa.Column("document_type", sa.String(20), nullable=False),
        sa.Column("original_filename", sa.String(255), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("character_count", sa.Integer(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_timestamps(),
        sa.Column("full_text", sa.Text(), nullable=False),  # last: see sample_model
    )
    op.create_index(
        "ix_sample_documents_user_id_document_type_created_at",
        "sample_documents",
        ["user_id", "document_type", "created_at"],
    )
    op.create_index(
        "uq_sample_documents_user_id_document_type",
        "sample_documents",
        ["user_id", "document_type"],
        unique=True,
        sqlite_where=sa.text("is_active"),
        postgresql_where=sa.text("is_active"),
    )
    op.create_table(
        "writing_styles",
        sa.Column("id", UuidString(), primary_key=True),
        _user_id(),
        sa.Column(
            "sample_id",
            UuidString(),
            sa.ForeignKey("sample_documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("extracted_style", JsonType, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("extraction_status", sa.String(10), server_default="pending", nullable=False),
        sa.Column("extraction_method", sa.String(20), nullable=False),
        sa.Column("extraction_model", sa.String(100), nullable=True),
        sa.Column("extraction_confidence", sa.Float(), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint("sample_id", name="uq_writing_styles_sample_id"),
    )
    op.create_index("ix_writing_styles_user_id", "writing_styles", ["user_id"])
    op.create_table(
        "usage_events",
        sa.Column("id", UuidString(), primary_key=True),
        _user_id(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index(
        "ix_usage_events_user_id_kind_created_at", "usage_events", ["user_id", "kind", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("usage_events")
    op.drop_table("writing_styles")
    op.drop_table("sample_documents")
