"""Queued batch exports: status, error_code, error_message and the request on export rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNFINISHED = "status IN ('pending', 'rendering')"


def upgrade() -> None:
    # Every export made so far was made during its request: completed.
    op.add_column("exports", sa.Column("status", sa.String(12), server_default="completed", nullable=False))
    op.add_column("exports", sa.Column("error_code", sa.String(50), nullable=True))
    op.add_column("exports", sa.Column("error_message", sa.Text(), nullable=True))
    op.add_column("exports", sa.Column("request", JsonType, nullable=True))
    op.create_index(
        "ix_exports_unfinished",
        "exports",
        ["created_at"],
        sqlite_where=sa.text(UNFINISHED),
        postgresql_where=sa.text(UNFINISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_exports_unfinished", table_name="exports")
    with op.batch_alter_table("exports") as batch:
        for column in ("request", "error_message", "error_code", "status"):
            batch.drop_column(column)
