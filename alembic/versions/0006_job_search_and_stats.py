"""Job search served by an index, and per-user job counts by status for GET /jobs/stats.

Search (`GET /jobs?q=`, a case-insensitive substring of title, company or description):
- SQLite: `jobs_search`, an FTS5 table with the trigram tokenizer (SQLite 3.34+), external content on
  `jobs` keyed by the jobs rowid, kept in step by triggers on insert, delete and update of the three
  columns. The list asks it for candidates (a term of 3+ characters) and keeps its LIKE test on them;
  `jobs_search_vocabulary` (fts5vocab) tells it first whether the term is rare enough for that.
  A later migration that rebuilds `jobs` (batch mode copies the table, dropping its triggers) must
  recreate these triggers and rebuild: `INSERT INTO jobs_search (jobs_search) VALUES ('rebuild')`.
- PostgreSQL: pg_trgm GIN indexes (fastupdate off) on the very expressions the LIKE tests
  (`lower(title)`, `lower(company)`, `lower(coalesce(description, ''))`). The extension is left in
  place on downgrade (it may have been there before, and other objects may use it).

Stats: `job_status_counts`, one row per user, status and application status, kept by triggers on
`jobs` like `job_counts` (migration 0005), so the stats read a handful of rows by primary key.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SEARCHED = "title, company, description"
_SQLITE_SEARCH_TABLE = (
    f"CREATE VIRTUAL TABLE jobs_search USING fts5({_SEARCHED}, content='jobs', content_rowid='rowid', "
    "tokenize='trigram case_sensitive 0')"
)
# How many jobs hold each trigram: the list asks it whether a term is rare enough for the index to
# pay (a term in most of a user's jobs is found sooner by walking their jobs newest first).
_SQLITE_SEARCH_VOCABULARY = "CREATE VIRTUAL TABLE jobs_search_vocabulary USING fts5vocab(jobs_search, 'row')"
_SEARCH_ADD = (
    "INSERT INTO jobs_search (rowid, title, company, description) "
    "VALUES (NEW.rowid, NEW.title, NEW.company, NEW.description)"
)
_SEARCH_REMOVE = (
    "INSERT INTO jobs_search (jobs_search, rowid, title, company, description) "
    "VALUES ('delete', OLD.rowid, OLD.title, OLD.company, OLD.description)"
)

_KEY = "user_id, status, application_status"
_COUNT_ADD = (
    "INSERT INTO job_status_counts (user_id, status, application_status, total) "
    "VALUES (NEW.user_id, NEW.status, NEW.application_status, 1) "
    "ON CONFLICT (user_id, status, application_status) DO UPDATE SET total = job_status_counts.total + 1"
)
_COUNT_REMOVE = (
    "UPDATE job_status_counts SET total = total - 1 WHERE user_id = OLD.user_id "
    "AND status = OLD.status AND application_status = OLD.application_status"
)

_SQLITE_TRIGGERS = {
    "jobs_search_insert": f"AFTER INSERT ON jobs BEGIN {_SEARCH_ADD}; END",
    "jobs_search_delete": f"AFTER DELETE ON jobs BEGIN {_SEARCH_REMOVE}; END",
    "jobs_search_update": f"AFTER UPDATE OF {_SEARCHED} ON jobs BEGIN {_SEARCH_REMOVE}; {_SEARCH_ADD}; END",
    "jobs_status_count_insert": f"AFTER INSERT ON jobs BEGIN {_COUNT_ADD}; END",
    "jobs_status_count_delete": f"AFTER DELETE ON jobs BEGIN {_COUNT_REMOVE}; END",
    "jobs_status_count_move": (f"AFTER UPDATE OF {_KEY} ON jobs BEGIN {_COUNT_REMOVE}; {_COUNT_ADD}; END"),
}

_POSTGRES_FUNCTION = f"""
CREATE FUNCTION jobs_status_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_COUNT_REMOVE};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_COUNT_ADD};
    END IF;
    RETURN NULL;
END
$$
"""

# The expressions of the LIKE tests in the job repository, character for character.
_POSTGRES_SEARCH_INDEXES = {
    "ix_jobs_title_trgm": "lower(title)",
    "ix_jobs_company_trgm": "lower(company)",
    "ix_jobs_description_trgm": "lower(coalesce(description, ''))",
}


def upgrade() -> None:
    op.create_table(
        "job_status_counts",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("application_status", sa.String(20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "status", "application_status"),
    )
    op.execute(
        "INSERT INTO job_status_counts (user_id, status, application_status, total) "
        "SELECT user_id, status, application_status, count(*) FROM jobs "
        "GROUP BY user_id, status, application_status"
    )
    if op.get_context().dialect.name == "sqlite":
        op.execute(_SQLITE_SEARCH_TABLE)
        op.execute("INSERT INTO jobs_search (jobs_search) VALUES ('rebuild')")
        op.execute(_SQLITE_SEARCH_VOCABULARY)
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(_POSTGRES_FUNCTION)
        op.execute(
            f"CREATE TRIGGER jobs_status_count AFTER INSERT OR DELETE OR UPDATE OF {_KEY} ON jobs "
            "FOR EACH ROW EXECUTE FUNCTION jobs_status_count_change()"
        )
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, expression in _POSTGRES_SEARCH_INDEXES.items():
            # fastupdate off: a new job goes straight into the index, not into a pending list that
            # every search reads through (and that made the planner fall back to a scan after bulk
            # inserts until the next vacuum). Inserts pay a little more; searches stay fast.
            op.execute(
                f"CREATE INDEX {name} ON jobs USING gin ({expression} gin_trgm_ops) WITH (fastupdate = off)"
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE jobs_search_vocabulary")
        op.execute("DROP TABLE jobs_search")
    else:
        for name in _POSTGRES_SEARCH_INDEXES:
            op.execute(f"DROP INDEX {name}")
        op.execute("DROP TRIGGER jobs_status_count ON jobs")
        op.execute("DROP FUNCTION jobs_status_count_change()")
    op.drop_table("job_status_counts")
