"""Job tables: jobs, job_status_history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string_list(name: str) -> sa.Column[object]:
    return sa.Column(name, JsonType, server_default=sa.text("'[]'"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", UuidString(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=True),
        sa.Column("url", sa.String(2048), nullable=True),
        _string_list("parsed_keywords"),
        _string_list("requirements"),
        _string_list("benefits"),
        sa.Column("salary_range", sa.String(100), nullable=True),
        sa.Column("remote", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("employment_type", sa.String(20), server_default="full_time", nullable=False),
        sa.Column("status", sa.String(10), server_default="active", nullable=False),
        sa.Column("application_status", sa.String(20), server_default="not_applied", nullable=False),
        sa.Column("applied_date", UtcDateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_jobs_user_id_created_at", "jobs", ["user_id", "created_at"])
    op.create_index("ix_jobs_user_id_status", "jobs", ["user_id", "status"])
    op.create_index("ix_jobs_user_id_application_status", "jobs", ["user_id", "application_status"])
    op.create_index("ix_jobs_user_id_source", "jobs", ["user_id", "source"])
    op.create_table(
        "job_status_history",
        sa.Column("id", UuidString(), primary_key=True),
        sa.Column("job_id", UuidString(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_job_status_history_job_id_changed_at", "job_status_history", ["job_id", "changed_at"])


def downgrade() -> None:
    op.drop_table("job_status_history")
    op.drop_table("jobs")
