"""job_status_counts, what GET /jobs/stats reads: kept exact by triggers (migration 0006)."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy import delete, func, insert, select, update

from alembic import command
from app.cli import alembic_config
from app.domain.enums.job import ApplicationStatus, JobStatus
from app.infrastructure.database.models.job_model import job_status_counts_table, jobs_table
from app.infrastructure.database.models.user_model import users_table
from tests.helpers import add_user, uow_of
from tests.job_builders import make_job, save

_Counts = dict[tuple[int, str, str], int]
_jobs = jobs_table.c


async def stored_counts(app: FastAPI) -> _Counts:
    counts = job_status_counts_table.c
    async with app.state.resources.database.engine.connect() as connection:
        rows = await connection.execute(
            select(counts.user_id, counts.status, counts.application_status, counts.total)
        )
        return {(user, status, stage): total for user, status, stage, total in rows if total}


async def real_counts(app: FastAPI) -> _Counts:
    async with app.state.resources.database.engine.connect() as connection:
        rows = await connection.execute(
            select(_jobs.user_id, _jobs.status, _jobs.application_status, func.count()).group_by(
                _jobs.user_id, _jobs.status, _jobs.application_status
            )
        )
        return {(user, str(status), str(stage)): total for user, status, stage, total in rows}


async def stats(app: FastAPI, user_id: int) -> list[tuple[JobStatus, ApplicationStatus, int]]:
    async with uow_of(app).read_only() as uow:
        return sorted(await uow.jobs.count_by_status(user_id))


async def assert_exact(app: FastAPI) -> None:
    assert await stored_counts(app) == await real_counts(app)


async def test_the_counts_follow_inserts_updates_and_deletes_whatever_the_path(app: FastAPI):
    ada, bob = await add_user(app), await add_user(app, "bob@example.com")
    stages = list(ApplicationStatus)
    jobs = [make_job(ada, number, application_status=stages[number % len(stages)]) for number in range(20)]
    await save(app, *jobs, make_job(bob), make_job(bob, 1, status=JobStatus.ARCHIVED))
    await assert_exact(app)
    assert sum(total for *_, total in await stats(app, ada)) == 20
    assert await stats(app, bob) == [
        (JobStatus.ACTIVE, ApplicationStatus.NOT_APPLIED, 1),
        (JobStatus.ARCHIVED, ApplicationStatus.NOT_APPLIED, 1),
    ]

    async with uow_of(app) as uow:  # the service's path: the ORM updates the changed columns
        stored = await uow.jobs.get(jobs[0].id, user_id=ada)
        assert stored is not None
        stored.status = JobStatus.ARCHIVED
        stored.application_status = ApplicationStatus.REJECTED
        await uow.commit()
    await assert_exact(app)

    async with app.state.resources.database.engine.begin() as connection:  # not through the repository
        ids = [job.id for job in jobs]
        await connection.execute(
            update(jobs_table).where(_jobs.id.in_(ids[1:6])).values(application_status="applied")
        )
        await connection.execute(update(jobs_table).where(_jobs.id.in_(ids[6:9])).values(status="archived"))
        await connection.execute(update(jobs_table).where(_jobs.id.in_(ids[9:11])).values(user_id=bob))
        await connection.execute(update(jobs_table).where(_jobs.id.in_(ids[11:13])).values(title="Renamed"))
        await connection.execute(delete(jobs_table).where(_jobs.id.in_(ids[13:16])))
        await connection.execute(
            insert(jobs_table),
            [{column.key: getattr(make_job(ada, 99), column.key) for column in jobs_table.columns}],
        )
    await assert_exact(app)
    assert sum(total for *_, total in await stats(app, ada)) == 16
    assert sum(total for *_, total in await stats(app, bob)) == 4


async def test_rolled_back_changes_leave_the_counts_alone(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    before = await stored_counts(app)
    async with uow_of(app) as uow:
        await uow.jobs.add(make_job(user_id, 1))  # flushed, then never committed
        stored = await uow.jobs.get(job.id, user_id=user_id)
        assert stored is not None
        stored.application_status = ApplicationStatus.APPLIED
        await uow.jobs.add(make_job(user_id, 2))  # flushes the change too
    async with uow_of(app) as uow:
        assert await uow.jobs.delete(job.id, user_id=user_id)  # never committed
    assert await stored_counts(app) == before
    await assert_exact(app)


async def test_concurrent_creates_and_deletes_keep_the_counts_exact(app: FastAPI):
    user_id = await add_user(app)
    jobs = [make_job(user_id, number) for number in range(12)]
    await asyncio.gather(*(save(app, job) for job in jobs))

    async def remove(job_id: str) -> None:
        async with uow_of(app) as uow:
            assert await uow.jobs.delete(job_id, user_id=user_id)
            await uow.commit()

    await asyncio.gather(*(remove(job.id) for job in jobs[:5]), save(app, make_job(user_id, 99)))
    assert await stats(app, user_id) == [(JobStatus.ACTIVE, ApplicationStatus.NOT_APPLIED, 8)]
    await assert_exact(app)


async def test_deleting_a_user_deletes_their_counts(app: FastAPI):
    ada, bob = await add_user(app), await add_user(app, "bob@example.com")
    await save(app, make_job(ada), make_job(bob))
    async with app.state.resources.database.engine.begin() as connection:
        await connection.execute(delete(users_table).where(users_table.c.id == ada))
    assert [key[0] for key in await stored_counts(app)] == [bob]
    async with app.state.resources.database.engine.connect() as connection:
        left = await connection.execute(select(func.count()).where(job_status_counts_table.c.user_id == ada))
        assert left.scalar_one() == 0
    await assert_exact(app)


def test_upgrading_counts_the_jobs_saved_before_the_migration(database_url: str):
    config = alembic_config(database_url)
    config.attributes["configure_logger"] = False
    from sqlalchemy.ext.asyncio import create_async_engine

    async def seed_at_0005() -> None:
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            for table in (jobs_table, users_table):
                await connection.execute(delete(table))
            ada = (
                await connection.execute(
                    insert(users_table)
                    .values(email="ada@example.com", password_hash="x", full_name="A")
                    .returning(users_table.c.id)
                )
            ).scalar_one()
            rows = [make_job(ada, number, title=f"Zeppelin {number}") for number in range(3)]
            rows.append(make_job(ada, 3, application_status=ApplicationStatus.APPLIED))
            await connection.execute(
                insert(jobs_table),
                [{column.key: getattr(job, column.key) for column in jobs_table.columns} for job in rows],
            )
        await engine.dispose()

    async def at_head() -> tuple[list[int], int]:
        engine = create_async_engine(database_url)
        async with engine.connect() as connection:
            totals = await connection.execute(
                select(job_status_counts_table.c.total).order_by(job_status_counts_table.c.total)
            )
            found = list(totals.scalars())
            like = func.lower(_jobs.title).like("%zeppelin%")
            if engine.dialect.name == "sqlite":  # the backfilled FTS index answers for the old rows
                matched = await connection.exec_driver_sql(
                    "SELECT count(*) FROM jobs_search WHERE jobs_search MATCH '\"zeppelin\"'"
                )
            else:
                matched = await connection.execute(select(func.count()).where(like))
            searched = int(matched.scalar_one())
            await connection.execute(delete(users_table))
            await connection.commit()
        await engine.dispose()
        return found, searched

    command.downgrade(config, "0005")
    try:
        asyncio.run(seed_at_0005())
    finally:
        command.upgrade(config, "head")
    assert asyncio.run(at_head()) == ([1, 3], 3)
