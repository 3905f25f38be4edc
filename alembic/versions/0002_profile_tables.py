"""Profile tables: master_profiles, experiences, education, projects.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from app.infrastructure.database.types import JsonType, UtcDateTime, UuidString

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_SKILLS = '{"technical": [], "soft": [], "languages": [], "certifications": []}'


def _json(name: str, empty: str) -> sa.Column[object]:
    return sa.Column(name, JsonType, server_default=sa.text(f"'{empty}'"), nullable=False)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)


def _profile_id() -> sa.Column[str]:
    return sa.Column(
        "profile_id",
        UuidString(),
        sa.ForeignKey("master_profiles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _item_columns() -> list[sa.Column[object]]:
    """display_order and the timestamps every item table ends with."""
    return [
        sa.Column("display_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "master_profiles",
        sa.Column("id", UuidString(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        _flag("is_primary"),
        sa.Column("personal_info", JsonType, nullable=False),
        sa.Column("professional_summary", sa.Text(), nullable=True),
        sa.Column("enhanced_professional_summary", sa.Text(), nullable=True),
        _json("enhancement_metadata", "{}"),
        _json("skills", EMPTY_SKILLS),
        _json("custom_fields", "{}"),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_master_profiles_user_id_created_at", "master_profiles", ["user_id", "created_at"])
    op.create_index(
        "uq_master_profiles_user_id_primary",
        "master_profiles",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("is_primary"),
        postgresql_where=sa.text("is_primary"),
    )
    op.create_table(
        "experiences",
        sa.Column("id", UuidString(), primary_key=True),
        _profile_id(),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("company", sa.String(100), nullable=False),
        sa.Column("location", sa.String(100), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=True),
        _flag("is_current"),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("enhanced_description", sa.Text(), nullable=True),
        _json("achievements", "[]"),
        _json("technologies", "[]"),
        sa.Column("employment_type", sa.String(30), nullable=True),
        sa.Column("industry", sa.String(100), nullable=True),
        _json("enhancement_metadata", "{}"),
        *_item_columns(),
    )
    op.create_index("ix_experiences_profile_id_display_order", "experiences", ["profile_id", "display_order"])
    op.create_table(
        "education",
        sa.Column("id", UuidString(), primary_key=True),
        _profile_id(),
        sa.Column("institution", sa.String(200), nullable=False),
        sa.Column("degree", sa.String(100), nullable=False),
        sa.Column("field_of_study", sa.String(100), server_default=sa.text("''"), nullable=False),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=True),
        _flag("is_current"),
        sa.Column("gpa", sa.Float(), nullable=True),
        _json("honors", "[]"),
        _json("relevant_coursework", "[]"),
        sa.Column("description", sa.Text(), nullable=True),
        *_item_columns(),
    )
    op.create_index("ix_education_profile_id_display_order", "education", ["profile_id", "display_order"])
    op.create_table(
        "projects",
        sa.Column("id", UuidString(), primary_key=True),
        _profile_id(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("enhanced_description", sa.Text(), nullable=True),
        _json("technologies", "[]"),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("github_url", sa.String(500), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("end_date", sa.String(10), nullable=True),
        _flag("is_ongoing"),
        _json("highlights", "[]"),
        _json("enhancement_metadata", "{}"),
        *_item_columns(),
    )
    op.create_index("ix_projects_profile_id_display_order", "projects", ["profile_id", "display_order"])


def downgrade() -> None:
    op.drop_table("projects")
    op.drop_table("education")
    op.drop_table("experiences")
    op.drop_table("master_profiles")
