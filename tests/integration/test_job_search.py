"""GET /jobs?q= through the search index (migration 0006) gives exactly what the plain LIKE scan gives.

The reference below is the query as it was before the index: lower(column) LIKE '%term%' over the
user's rows, written so no search structure can serve it. Both engines, a few hundred varied jobs
(case, accents, non-Latin scripts, %, _, quotes, slashes, FTS5 syntax), every kind of change.
"""

from __future__ import annotations

import json
import random
import sqlite3
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, literal, or_, select, update

from app.domain.enums.job import ApplicationStatus
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.infrastructure.database.models.job_model import POSTGRES_SEARCH_INDEXES, jobs_table
from app.infrastructure.database.models.user_model import users_table
from app.infrastructure.repositories import job_repository
from app.infrastructure.repositories.job_repository import _conditions, _count_read, _page_read
from tests.helpers import add_user, uow_of
from tests.job_builders import make_job, save

_jobs = jobs_table.c

PIECES = [
    "Zeppelin", "zeppelin", "ZEPPELIN", "Café", "CAFÉ", "café", "Straße", "STRASSE", "İstanbul",
    "ΣΊΣΥΦΟΣ", "σίσυφος", "50% off", "100%", "snake_case", "under_score", "O'Reilly", 'say "hi"',
    "a/b", "//", "C++", "C#", "naïve", "NAÏVE", "日本語エンジニア", "rocket 🚀 launch", "\u212a-kelvin",
    "ﬁle", "back\\slash", "%_%", "NEAR(a b)", "title:zep", "AND OR NOT", "x*y", "^caret", "-dash",
    "Engineer", "engineer", "Senior Backend", "data", "ML", "ml", "  two  spaces ", "tab\there",
]  # fmt: skip

TERMS = [
    "zeppelin", "ZEPP", "eppe", "café", "CAFÉ", "É", "é", "straße", "STRASSE", "ss", "İst", "istanbul",
    "i̇st", "σίσυφος", "ΣΊΣ", "ς", "50%", "%", "%_", "_c", "snake_", "e_s", "o'r", "O'REILLY", "'",
    "''", '"hi"', '"', 'y "', "a/b", "/", "//", "c++", "c#", "naï", "NAÏVE", "日本語", "本", "🚀",
    "🚀 l", "k-k", "\u212a-k", "kelvin", "fi", "ﬁle", "file", "\\", "k\\s", "  ", "engineer", "Senior B",
    "nothing-like-this", "near(a", "title:", "and or", "*", "x*y", "^", "-da", "(", "tab\th", "ml",
    "m", "dAtA", "%%%", "___",
]  # fmt: skip


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))


def _varied_jobs(user_id: int, count: int, seed: int = 12) -> list[Any]:
    rng = random.Random(seed)
    stages = list(ApplicationStatus)
    return [
        make_job(
            user_id,
            number,
            title=_text(rng)[:200],
            company=_text(rng)[:200],
            description=None if number % 7 == 0 else _text(rng) + " " + _text(rng),
            application_status=stages[number % len(stages)],
        )
        for number in range(count)
    ]


def _pattern(term: str) -> str:
    return "%" + term.lower().replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _scanned(user_id: int, term: str) -> Any:
    """The pre-index condition; `|| ''` keeps any index (trigram or FTS) from serving it."""
    pattern = _pattern(term)

    def like(column: Any) -> Any:
        return func.lower(column).concat(literal("")).like(pattern, escape="/")

    return [
        _jobs.user_id == user_id,
        or_(like(_jobs.title), like(_jobs.company), like(func.coalesce(_jobs.description, literal("")))),
    ]


async def _reference(app: FastAPI, user_id: int, term: str, stage: ApplicationStatus | None) -> list[str]:
    conditions = _scanned(user_id, term)
    if stage is not None:
        conditions.append(_jobs.application_status == stage)
    async with app.state.resources.database.engine.connect() as connection:
        rows = await connection.execute(
            select(_jobs.id).where(*conditions).order_by(_jobs.created_at.desc(), _jobs.id.desc())
        )
        return [str(job_id) for job_id in rows.scalars()]


async def _listed(
    app: FastAPI, user_id: int, filters: JobFilters, sort: JobSort, *, limit: int = 500, offset: int = 0
) -> tuple[list[str], int]:
    async with uow_of(app).read_only() as uow:
        rendered, total = await uow.jobs.list_page(
            user_id, filters, sort, limit=limit, offset=offset, fields=("id",)
        )
        assert total == await uow.jobs.count(user_id, filters)
    return [item["id"] for item in json.loads(rendered.json)], total


async def _assert_same_as_the_scan(app: FastAPI, user_id: int, terms: list[str]) -> int:
    """Every term, alone and with a filter, all rows and one page; returns how many terms matched."""
    found = 0
    for term in terms:
        for stage in (None, ApplicationStatus.APPLIED):
            expected = await _reference(app, user_id, term, stage)
            filters = JobFilters(q=term, application_status=stage)
            listed, total = await _listed(app, user_id, filters, JobSort())
            assert (listed, total) == (expected, len(expected)), (term, stage)
            page, _ = await _listed(app, user_id, filters, JobSort(), limit=7, offset=3)
            assert page == expected[3:10], (term, stage)
            found += bool(expected) and stage is None
        by_title, _ = await _listed(app, user_id, JobFilters(q=term), JobSort.parse("-title"))
        assert sorted(by_title) == sorted(await _reference(app, user_id, term, None)), term
    return found


@pytest.mark.parametrize("index_when_at_most", [10**9, -1], ids=["index-always", "common-terms-scan"])
async def test_search_gives_exactly_what_the_scan_gives(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, index_when_at_most: int
):
    monkeypatch.setattr(job_repository, "_INDEX_WHEN_AT_MOST", index_when_at_most)
    ada, bob = await add_user(app), await add_user(app, "bob@example.com")
    await save(app, *_varied_jobs(ada, 300), *_varied_jobs(bob, 40, seed=5))
    found = await _assert_same_as_the_scan(app, ada, TERMS)
    assert found >= len(TERMS) // 2  # the terms really hit rows; not an empty comparison
    assert await _assert_same_as_the_scan(app, bob, ["zeppelin", "café", "50%"]) >= 1


async def test_search_follows_updates_deletes_and_rollbacks(app: FastAPI):
    ada, bob = await add_user(app), await add_user(app, "bob@example.com")
    jobs = _varied_jobs(ada, 120)
    await save(app, *jobs, *_varied_jobs(bob, 30, seed=9))
    terms = ["zeppelin", "café", "airship", "renamed co", "50%", "o'r", "σίσυφος"]

    async with uow_of(app) as uow:  # through the ORM, as the service updates a job
        for job in jobs[:10]:
            stored = await uow.jobs.get(job.id, user_id=ada)
            assert stored is not None
            stored.title = "Airship pilot"
        await uow.commit()
    async with app.state.resources.database.engine.begin() as connection:  # and straight in SQL
        ids = [job.id for job in jobs]
        await connection.execute(
            update(jobs_table).where(_jobs.id.in_(ids[10:20])).values(company="Renamed Co")
        )
        await connection.execute(update(jobs_table).where(_jobs.id.in_(ids[20:30])).values(description=None))
        await connection.execute(
            update(jobs_table).where(_jobs.id.in_(ids[30:40])).values(description="An AIRSHIP crew")
        )
        await connection.execute(update(jobs_table).where(_jobs.id.in_(ids[40:45])).values(notes="untouched"))
        await connection.execute(delete(jobs_table).where(_jobs.id.in_(ids[45:60])))
    async with uow_of(app) as uow:  # flushed, never committed
        await uow.jobs.add(make_job(ada, 500, title="Airship captain"))
        stored = await uow.jobs.get(jobs[70].id, user_id=ada)
        assert stored is not None
        stored.title = "Airship navigator"
        await uow.jobs.add(make_job(ada, 501, title="Airship mechanic"))  # flushes the change too
    async with uow_of(app) as uow:
        assert await uow.jobs.delete(jobs[80].id, user_id=ada)
        await uow.commit()
    async with uow_of(app) as uow:
        assert await uow.jobs.delete(jobs[81].id, user_id=ada)  # rolled back

    assert await _assert_same_as_the_scan(app, ada, terms) >= 4
    assert (await _listed(app, ada, JobFilters(q="airship"), JobSort()))[1] == 20

    async with app.state.resources.database.engine.begin() as connection:
        await connection.execute(delete(users_table).where(users_table.c.id == bob))
    await _assert_same_as_the_scan(app, ada, terms)
    await save(app, make_job(ada, 600, title="A new Zeppelin"))
    assert await _assert_same_as_the_scan(app, ada, terms) >= 4


async def test_sqlite_search_survives_vacuum(app: FastAPI):
    """The FTS5 index is keyed by the jobs rowid; VACUUM must not renumber them under it."""
    engine = app.state.resources.database.engine
    if engine.dialect.name != "sqlite":
        return
    user_id = await add_user(app)
    jobs = _varied_jobs(user_id, 150)
    await save(app, *jobs)
    async with engine.begin() as connection:
        await connection.execute(delete(jobs_table).where(_jobs.id.in_([job.id for job in jobs[::3]])))
    vacuum = sqlite3.connect(str(engine.url.database))
    try:
        vacuum.execute("VACUUM")
    finally:
        vacuum.close()
    await _assert_same_as_the_scan(app, user_id, ["zeppelin", "café", "engineer", "50%"])
    async with engine.begin() as connection:
        await connection.exec_driver_sql("INSERT INTO jobs_search (jobs_search) VALUES ('integrity-check')")


async def test_a_term_of_three_characters_or_more_is_looked_up_in_the_index(app: FastAPI):
    engine = app.state.resources.database.engine
    user_id = await add_user(app)
    await save(app, *_varied_jobs(user_id, 30))
    values = {"user_id": user_id, "match": '"zep"', "pattern": "%zep%", "limit": 20, "offset": 0}
    reads = [
        _count_read((), "indexed"),
        _page_read(engine.dialect.name, ("-created_at", (), "indexed", ("id",))),
    ]
    async with engine.connect() as connection:
        for read in reads:
            compiled = read._compiled_for(engine.dialect)
            arguments = tuple(compiled.arguments(values))
            if engine.dialect.name == "sqlite":
                plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.sql}", arguments)
                steps = " | ".join(str(row[-1]) for row in plan)
                assert "VIRTUAL TABLE INDEX" in steps, steps
                assert "SEARCH jobs USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps  # candidates lead
                assert "ix_jobs_user_id" not in steps, steps
            else:  # 30 rows read faster in sequence, and by user: ask whether the indexes can serve it
                await connection.exec_driver_sql("SET enable_seqscan = off")
                like_only = select(func.count()).where(*_conditions("postgresql", (), "indexed")[1:])
                sql = like_only.compile(dialect=engine.dialect)
                plan = await connection.exec_driver_sql(f"EXPLAIN {sql}", ("%zep%",))
                steps = " | ".join(str(row[0]) for row in plan)
                for index in POSTGRES_SEARCH_INDEXES:
                    assert index in steps, steps
                options = await connection.exec_driver_sql(
                    "SELECT reloptions FROM pg_class WHERE relname LIKE 'ix_jobs_%_trgm'"
                )  # no pending list for searches to read through (see migration 0006)
                assert [list(row[0]) for row in options] == [["fastupdate=off"]] * 3
        await connection.rollback()
