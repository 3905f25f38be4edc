"""A generation's document columns as `json` on PostgreSQL (jsonb there before; SQLite unchanged).

The history page embeds each document in the JSON the database builds; `json` is embedded as stored,
jsonb re-serialized on every read. Nothing queries inside these columns.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("options", "content_structured", "content_used", "ats_feedback", "llm_metadata")


def _retype(to: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite stores JSON as text either way
    changes = ", ".join(f"ALTER COLUMN {column} TYPE {to} USING {column}::{to}" for column in COLUMNS)
    op.execute(f"ALTER TABLE generations {changes}")


def upgrade() -> None:
    _retype("json")


def downgrade() -> None:
    _retype("jsonb")
