"""Builders for job tests on the real database: stored jobs a minute apart, saved in one unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from app.domain.entities.job import Job
from app.domain.enums.job import JobSource
from app.domain.ids import new_id
from tests.helpers import uow_of

START = datetime(2026, 11, 1, 9, 30, 15, 123456, tzinfo=UTC)


def make_job(user_id: int, number: int = 0, **overrides: object) -> Job:
    stamp = START + timedelta(minutes=number)
    values: dict[str, object] = {
        "id": new_id(),
        "user_id": user_id,
        "source": JobSource.USER_CREATED,
        "title": f"Engineer {number}",
        "company": "Acme",
        "created_at": stamp,
        "updated_at": stamp,
    }
    values.update(overrides)
    job = Job(**values)  # type: ignore[arg-type]
    job.record_creation()
    return job


async def save(app: FastAPI, *jobs: Job) -> None:
    async with uow_of(app) as uow:
        for job in jobs:
            await uow.jobs.add(job)
        await uow.commit()
