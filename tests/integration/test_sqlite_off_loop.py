"""SQLite: no statement whose cost grows with the data runs on the event loop; point reads stay inline."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, insert, text

from alembic import command
from app.cli import alembic_config
from app.domain.entities.user import User
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.infrastructure.database.connection import Database, create_database
from app.infrastructure.database.models.job_model import jobs_table
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork
from tests.job_builders import make_job

T = TypeVar("T")

# Counting to this many in a recursive CTE keeps SQLite busy for a few tenths of a second here.
HEAVY_SQL = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT count(*) FROM n"
)
JOBS = 5000
LONG_TEXT = "Work on the data team; Python, SQL and cloud services. " * 120  # ~6,600 characters


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of its own, whatever TEST_DATABASE_URL says: the rule is SQLite's."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'off-loop.db'}"
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    return url


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    database = create_database(sqlite_url)
    try:
        yield database
    finally:
        await database.dispose()


async def gaps_while(work: Awaitable[T]) -> tuple[list[float], float, T]:
    """How long the event loop went between the runs of a 2 ms ticker while `work` ran, the time
    `work` took, and its result. Inline, a statement would hold the loop (and the ticker) all along."""
    gaps: list[float] = []
    running = True

    async def tick() -> None:
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    result = await work
    elapsed = time.perf_counter() - started
    running = False
    await ticker
    return gaps, elapsed, result


async def heavy_read(database: Database) -> int:
    async with database.read_sessions() as session:
        return int((await session.execute(text(HEAVY_SQL))).scalar_one())


async def heavy_write_transaction(database: Database) -> int:
    async with database.sessions() as session, session.begin():
        return int((await session.execute(text(HEAVY_SQL))).scalar_one())


@pytest.mark.parametrize("work", [heavy_read, heavy_write_transaction])
async def test_the_loop_keeps_running_while_a_heavy_statement_runs(
    database: Database, work: Callable[[Database], Awaitable[int]]
):
    gaps, elapsed, counted = await gaps_while(work(database))
    assert counted == 1_000_000
    assert elapsed > 0.1  # heavy: inline, the loop would have stood still this long
    assert max(gaps) < elapsed / 3, (max(gaps), elapsed)
    assert len(gaps) > elapsed / 0.02  # a tick every 20 ms at least, on a loaded machine


async def seed_jobs(database: Database, count: int) -> int:
    async with SqlAlchemyUnitOfWork(database) as uow:
        user = await uow.users.add(User(email="many@example.com", password_hash="x", full_name="Many"))
        await uow.commit()
    assert user.id is not None
    rows = []
    for number in range(count):
        job = make_job(user.id, number, description=f"{LONG_TEXT} {number}")
        rows.append({column.key: getattr(job, column.key) for column in jobs_table.columns})
    async with database.engine.begin() as connection:
        await connection.execute(insert(jobs_table), rows)
    return user.id


async def search(database: Database, user_id: int, term: str) -> tuple[int, int]:
    async with SqlAlchemyUnitOfWork(database).read_only() as uow:
        page, total = await uow.jobs.list_page(
            user_id, JobFilters(q=term), JobSort(), limit=20, offset=0, fields=("id",)
        )
        return page.count, total


async def test_the_loop_keeps_running_while_searches_over_thousands_of_jobs_run(database: Database):
    user_id = await seed_jobs(database, JOBS)
    started = time.perf_counter()
    assert await search(database, user_id, "qz") == (0, 0)  # 2 characters: a scan of every job
    one_search = time.perf_counter() - started
    assert await search(database, user_id, "data team") == (20, JOBS)

    gaps, elapsed, results = await gaps_while(
        asyncio.gather(*(search(database, user_id, "qz") for _ in range(8)))
    )
    assert results == [(0, 0)] * 8
    # Inline, the loop would stand still for each statement, a search's page and its count in turn:
    # a few dozen gaps, the longest one at least half a search. The 8 threads share 2 cores with the
    # loop, so the longest gap is compared to a whole search, not to the ticker's period.
    assert one_search > 0.05
    assert max(gaps) < one_search * 0.75, (max(gaps), one_search, elapsed)
    assert len(gaps) > elapsed / 0.02, (len(gaps), elapsed)


def trace_threads(database: Database) -> dict[str, list[tuple[bool, str]]]:
    """Record, for the point reader, the read pool's connections and each pooled connection opened
    from now on, each statement SQLite runs and whether it ran on this (the event loop's) thread."""
    loop_thread = threading.get_ident()
    seen: dict[str, list[tuple[bool, str]]] = {"point reader": [], "read pool": [], "pool": []}

    def recorder(name: str) -> Callable[[str], None]:
        return lambda sql: seen[name].append((threading.get_ident() == loop_thread, sql))

    assert database.point_reader is not None
    database.point_reader.set_trace_callback(recorder("point reader"))
    assert database.read_pool is not None
    for raw in database.read_pool.connections:
        raw.set_trace_callback(recorder("read pool"))

    @event.listens_for(database.engine.sync_engine, "connect")
    def _trace(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection._connection.raw.set_trace_callback(recorder("pool"))

    return seen


async def test_point_reads_run_inline_and_every_other_statement_off_the_loop(database: Database):
    user_id = await seed_jobs(database, 30)
    await database.engine.dispose()  # pooled connections are opened again, traced
    seen = trace_threads(database)
    async with SqlAlchemyUnitOfWork(database).read_only() as uow:
        page, in_page = await uow.jobs.list_page(
            user_id, JobFilters(), JobSort(), limit=20, offset=0, fields=("id", "title")
        )
        total = await uow.jobs.count(user_id, JobFilters())  # job_counts, by primary key
        filtered = await uow.jobs.count(user_id, JobFilters(remote=False))  # a count over the user's jobs
        assert await uow.profiles.get_primary_view(user_id) is None
        assert await uow.refresh_sessions.get_authenticated_user(str(uuid.uuid4())) is None
    async with SqlAlchemyUnitOfWork(database) as uow:
        assert await uow.jobs.delete(make_job(user_id).id, user_id=user_id) is False
        await uow.commit()
    assert (page.count, in_page, total, filtered) == (20, 30, 30, 30)

    inline = [sql for on_loop, sql in seen["point reader"] if on_loop]
    assert len(inline) == len(seen["point reader"]) == 3
    assert any("FROM job_counts" in sql for sql in inline)
    assert any("FROM master_profiles" in sql for sql in inline)
    assert any("FROM refresh_sessions" in sql for sql in inline)
    prepared = [sql for _, sql in seen["read pool"]]  # prepared reads that are not point reads
    assert any("json_object" in sql and "FROM jobs" in sql for sql in prepared)  # the page
    assert any(sql.startswith("SELECT count(*)") and "FROM jobs" in sql for sql in prepared)
    statements = [sql for _, sql in seen["pool"]]  # through SQLAlchemy
    assert any(sql.startswith("DELETE FROM jobs") for sql in statements)
    assert any(sql.startswith("BEGIN IMMEDIATE") for sql in statements)
    assert not [sql for on_loop, sql in seen["pool"] + seen["read pool"] if on_loop]
