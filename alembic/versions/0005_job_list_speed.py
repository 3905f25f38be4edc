"""The job list's default order read straight from an index, and per-user job counts.

`job_counts` is kept by triggers on `jobs`, inside the transaction that inserts or deletes the job,
whatever code path does it (cascades included), so it is exact; an unfiltered GET /jobs reads its
total from there instead of counting the user's index entries.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADD = (
    "INSERT INTO job_counts (user_id, total) VALUES (NEW.user_id, 1) "
    "ON CONFLICT (user_id) DO UPDATE SET total = job_counts.total + 1"
)
_REMOVE = "UPDATE job_counts SET total = total - 1 WHERE user_id = OLD.user_id"

_SQLITE_TRIGGERS = {
    "jobs_count_insert": f"AFTER INSERT ON jobs BEGIN {_ADD}; END",
    "jobs_count_delete": f"AFTER DELETE ON jobs BEGIN {_REMOVE}; END",
    "jobs_count_move": f"AFTER UPDATE OF user_id ON jobs BEGIN {_REMOVE}; {_ADD}; END",
}

_POSTGRES_FUNCTION = f"""
CREATE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_REMOVE};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_ADD};
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.drop_index("ix_jobs_user_id_created_at", table_name="jobs")
    op.create_index("ix_jobs_user_id_created_at_id", "jobs", ["user_id", "created_at", "id"])
    op.create_table(
        "job_counts",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("total", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO job_counts (user_id, total) SELECT user_id, count(*) FROM jobs GROUP BY user_id")
    if op.get_context().dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(_POSTGRES_FUNCTION)
        op.execute(
            "CREATE TRIGGER jobs_count AFTER INSERT OR DELETE OR UPDATE OF user_id ON jobs "
            "FOR EACH ROW EXECUTE FUNCTION jobs_count_change()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER jobs_count ON jobs")
        op.execute("DROP FUNCTION jobs_count_change()")
    op.drop_table("job_counts")
    op.drop_index("ix_jobs_user_id_created_at_id", table_name="jobs")
    op.create_index("ix_jobs_user_id_created_at", "jobs", ["user_id", "created_at"])
