"""The Alembic migrations and the table definitions describe the same schema."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import inspect

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from app.infrastructure.database.models import metadata
from app.infrastructure.database.models.job_model import POSTGRES_SEARCH_INDEXES, SQLITE_SEARCH_TABLE


def _declared_in_metadata(name: str | None, type_: str, _parents: object) -> bool:
    """The job search structures are engine-specific and live in migration 0006 only."""
    if type_ == "table":
        return not (name or "").startswith(SQLITE_SEARCH_TABLE)
    return not (type_ == "index" and name in POSTGRES_SEARCH_INDEXES)


async def test_the_migrated_schema_matches_the_table_definitions(app: FastAPI):
    def differences(connection: object) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _declared_in_metadata}
        )  # type: ignore[arg-type]
        return list(compare_metadata(context, metadata))

    async with app.state.resources.database.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_the_auth_tables_have_the_contract_indexes(app: FastAPI):
    def index_columns(connection: object) -> dict[str, list[list[str]]]:
        inspector = inspect(connection)
        return {
            # PostgreSQL also lists the indexes behind UNIQUE constraints; only plain ones count here.
            table: sorted(
                list(ix["column_names"])  # type: ignore[arg-type]
                for ix in inspector.get_indexes(table)
                if not ix["unique"]
            )
            for table in ("refresh_sessions", "password_reset_tokens")
        }

    async with app.state.resources.database.engine.connect() as connection:
        found = await connection.run_sync(index_columns)
    assert found["refresh_sessions"] == [["expires_at"], ["family_id"], ["user_id", "revoked_at"]]
    assert found["password_reset_tokens"] == [["user_id", "used_at"]]


async def test_the_sample_and_usage_tables_have_the_contract_indexes(app: FastAPI):
    def indexes(connection: object) -> dict[str, list[tuple[str, list[str], bool]]]:
        inspector = inspect(connection)
        return {
            table: sorted(
                (ix["name"], list(ix["column_names"]), bool(ix["unique"]))  # type: ignore[arg-type]
                for ix in inspector.get_indexes(table)
                if ix["name"] and not ix["name"].startswith(("sqlite_autoindex", "uq_writing_styles"))
            )
            for table in ("sample_documents", "writing_styles", "usage_events")
        }

    async with app.state.resources.database.engine.connect() as connection:
        found = await connection.run_sync(indexes)
    assert found == {
        "sample_documents": [
            (
                "ix_sample_documents_user_id_document_type_created_at",
                ["user_id", "document_type", "created_at"],
                False,
            ),
            ("uq_sample_documents_user_id_document_type", ["user_id", "document_type"], True),
        ],
        "writing_styles": [("ix_writing_styles_user_id", ["user_id"], False)],
        "usage_events": [
            ("ix_usage_events_user_id_kind_created_at", ["user_id", "kind", "created_at"], False)
        ],
    }


async def test_the_job_tables_have_the_contract_indexes(app: FastAPI):
    def index_columns(connection: object) -> dict[str, list[list[str]]]:
        inspector = inspect(connection)
        return {
            table: sorted(
                list(ix["column_names"])  # type: ignore[arg-type]
                for ix in inspector.get_indexes(table)
                if not ix["unique"] and ix["name"] not in POSTGRES_SEARCH_INDEXES
            )
            for table in ("jobs", "job_status_history")
        }

    async with app.state.resources.database.engine.connect() as connection:
        found = await connection.run_sync(index_columns)
    assert found["jobs"] == [
        ["user_id", "application_status"],
        ["user_id", "created_at", "id"],  # the contract's (user_id, created_at), with the tie-breaker
        ["user_id", "source"],
        ["user_id", "status"],
    ]
    assert found["job_status_history"] == [["job_id", "changed_at"]]
