"""The embedded SQLite engine: WAL, foreign keys, and the write lock taken at BEGIN."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.infrastructure.database.connection import create_engine, database_is_reachable


async def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'app.db'}")
    try:
        async with engine.connect() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
        assert (journal, foreign_keys) == ("wal", 1)
        assert (tmp_path / "nested").is_dir()  # the parent folder is created on demand
    finally:
        await engine.dispose()


async def test_an_unreachable_database_is_reported_not_raised():
    engine = create_engine("postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none")
    try:
        assert await database_is_reachable(engine) is False
    finally:
        await engine.dispose()
