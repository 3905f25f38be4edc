"""job_counts, the per-user total an unfiltered job list reads: kept exact by triggers (migration 0005)."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import create_async_engine

from alembic import command
from app.cli import alembic_config
from app.domain.interfaces.job_repository_interface import JobFilters
from app.infrastructure.database.models.job_model import job_counts_table, jobs_table
from app.infrastructure.database.models.user_model import users_table
from tests.helpers import add_user, uow_of
from tests.job_builders import make_job, save


async def stored_counts(app: FastAPI) -> dict[int, int]:
    async with app.state.resources.database.engine.connect() as connection:
        rows = await connection.execute(select(job_counts_table.c.user_id, job_counts_table.c.total))
        return {user_id: total for user_id, total in rows if total}


async def real_counts(app: FastAPI) -> dict[int, int]:
    async with app.state.resources.database.engine.connect() as connection:
        rows = await connection.execute(
            select(jobs_table.c.user_id, func.count()).group_by(jobs_table.c.user_id)
        )
        return {user_id: total for user_id, total in rows}


async def listed_total(app: FastAPI, user_id: int) -> int:
    async with uow_of(app).read_only() as uow:
        return await uow.jobs.count(user_id, JobFilters())


async def test_the_total_follows_every_insert_and_delete_whatever_the_path(app: FastAPI):
    ada, bob = await add_user(app), await add_user(app, "bob@example.com")
    await save(app, *(make_job(ada, number) for number in range(3)), make_job(bob))
    assert await listed_total(app, ada) == 3

    async with app.state.resources.database.engine.begin() as connection:  # not through the repository
        await connection.execute(
            insert(jobs_table),
            [{column.key: getattr(make_job(ada, 9), column.key) for column in jobs_table.columns}],
        )
        await connection.execute(delete(jobs_table).where(jobs_table.c.user_id == bob))
    assert await listed_total(app, ada) == 4
    assert await listed_total(app, bob) == 0

    async with app.state.resources.database.engine.begin() as connection:  # a job handed to bob
        moved = (await connection.execute(select(jobs_table.c.id).limit(1))).scalar_one()
        await connection.execute(update(jobs_table).where(jobs_table.c.id == moved).values(user_id=bob))
    assert (await listed_total(app, ada), await listed_total(app, bob)) == (3, 1)
    assert await stored_counts(app) == await real_counts(app)


async def test_a_rolled_back_insert_leaves_the_total_alone(app: FastAPI):
    user_id = await add_user(app)
    async with uow_of(app) as uow:
        await uow.jobs.add(make_job(user_id))  # flushed, then never committed
    assert await listed_total(app, user_id) == 0


async def test_concurrent_creates_and_deletes_keep_the_total_exact(app: FastAPI):
    user_id = await add_user(app)
    jobs = [make_job(user_id, number) for number in range(12)]
    await asyncio.gather(*(save(app, job) for job in jobs))

    async def remove(job_id: str) -> None:
        async with uow_of(app) as uow:
            assert await uow.jobs.delete(job_id, user_id=user_id)
            await uow.commit()

    await asyncio.gather(*(remove(job.id) for job in jobs[:5]), save(app, make_job(user_id, 99)))
    assert await listed_total(app, user_id) == 8
    assert await stored_counts(app) == await real_counts(app)


async def test_deleting_a_user_deletes_their_count(app: FastAPI):
    user_id = await add_user(app)
    await save(app, make_job(user_id))
    async with app.state.resources.database.engine.begin() as connection:
        await connection.execute(delete(users_table).where(users_table.c.id == user_id))
    assert await stored_counts(app) == {}


def test_upgrading_counts_the_jobs_saved_before_the_migration(database_url: str):
    config = alembic_config(database_url)
    config.attributes["configure_logger"] = False

    async def seed_at_0004() -> None:
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            for table in (jobs_table, users_table):
                await connection.execute(delete(table))
            [ada, bob] = [
                (
                    await connection.execute(
                        insert(users_table)
                        .values(email=email, password_hash="x", full_name="A")
                        .returning(users_table.c.id)
                    )
                ).scalar_one()
                for email in ("ada@example.com", "bob@example.com")
            ]
            rows = [make_job(ada, number) for number in range(4)] + [make_job(bob)]
            await connection.execute(
                insert(jobs_table),
                [{column.key: getattr(job, column.key) for column in jobs_table.columns} for job in rows],
            )
        await engine.dispose()

    async def counts_at_head() -> list[int]:
        engine = create_async_engine(database_url)
        async with engine.connect() as connection:
            totals = await connection.execute(
                select(job_counts_table.c.total).order_by(job_counts_table.c.total)
            )
            found = list(totals.scalars())
            await connection.execute(delete(users_table))
            await connection.commit()
        await engine.dispose()
        return found

    command.downgrade(config, "0004")
    try:
        asyncio.run(seed_at_0004())
    finally:
        command.upgrade(config, "head")
    assert asyncio.run(counts_at_head()) == [1, 4]
