"""Generation tables: job_content_rankings and generations (contract §10, tables 12-13).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_id() -> sa.Column[int]:
    return sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _reference(name: str, table: str, *, on_delete: str, nullable: bool) -> sa.Column[str]:
    return sa.Column(name, UuidString(), sa.ForeignKey(f"{table}.id", ondelete=on_delete), nullable=nullable)


def _json(name: str, default: str) -> sa.Column[object]:
    return sa.Column(name, JsonType, server_default=sa.text(f"'{default}'"), nullable=False)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "job_content_rankings",
        sa.Column("id", UuidString(), primary_key=True),
        _user_id(),
        _reference("job_id", "jobs", on_delete="CASCADE", nullable=False),
        _reference("profile_id", "master_profiles", on_delete="CASCADE", nullable=False),
        _json("ranked_experience_ids", "[]"),
        _json("ranked_project_ids", "[]"),
        sa.Column("ranking_rationale", sa.Text(), nullable=True),
        _json("keyword_matches", "{}"),
        _json("relevance_scores", "{}"),
        _json("llm_metadata", "{}"),
        sa.Column("input_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), server_default="completed", nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("user_id", "job_id", name="uq_job_content_rankings_user_id_job_id"),
    )
    op.create_index("ix_job_content_rankings_job_id", "job_content_rankings", ["job_id"])
    op.create_index("ix_job_content_rankings_profile_id", "job_content_rankings", ["profile_id"])
    op.create_table(
        "generations",
        sa.Column("id", UuidString(), primary_key=True),
        _user_id(),
        _reference("job_id", "jobs", on_delete="CASCADE", nullable=False),
        _reference("profile_id", "master_profiles", on_delete="SET NULL", nullable=True),
        _reference("ranking_id", "job_content_rankings", on_delete="SET NULL", nullable=True),
        sa.Column("document_type", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), server_default="pending", nullable=False),
        sa.Column("mode", sa.String(5), server_default="sync", nullable=False),
        _json("options", "{}"),
        sa.Column("content_structured", JsonType, nullable=True),
        _json("content_used", "{}"),
        sa.Column("ats_score", sa.Float(), nullable=True),
        sa.Column("ats_feedback", JsonType, nullable=True),
        _json("llm_metadata", "{}"),
        sa.Column("error_code", sa.String(50), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        *_timestamps(),
        sa.Column("content_text", sa.Text(), nullable=True),  # last: see generation_model
    )
    for columns in (["user_id", "created_at"], ["user_id", "job_id"], ["status"], ["job_id"]):
        op.create_index(f"ix_generations_{'_'.join(columns)}", "generations", columns)
    op.create_index("ix_generations_profile_id", "generations", ["profile_id"])
    op.create_index("ix_generations_ranking_id", "generations", ["ranking_id"])


def downgrade() -> None:
    op.drop_table("generations")
    op.drop_table("job_content_rankings")
