"""The exports table (contract §10, table 14).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exports",
        sa.Column("id", UuidString(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "generation_id", UuidString(), sa.ForeignKey("generations.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("job_id", UuidString(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=True),
        sa.Column("document_type", sa.String(20), nullable=True),
        sa.Column("format", sa.String(4), nullable=False),
        sa.Column("template", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("storage_key", sa.String(500), nullable=False),
        sa.Column("file_size_bytes", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("options", JsonType, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("options_hash", sa.String(64), nullable=False),
        sa.Column("metadata", JsonType, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("download_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    for columns in (
        ["generation_id"],
        ["job_id"],
        ["expires_at"],
        ["user_id", "job_id", "created_at"],
        ["user_id", "created_at"],
    ):
        op.create_index(f"ix_exports_{'_'.join(columns)}", "exports", columns)
    op.create_index(
        "uq_exports_generation_id_template_format_options_hash",
        "exports",
        ["generation_id", "template", "format", "options_hash"],
        unique=True,
        sqlite_where=sa.text("generation_id IS NOT NULL"),
        postgresql_where=sa.text("generation_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_table("exports")
