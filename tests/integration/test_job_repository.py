"""The job repository on the real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import json
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import func, select

from app.domain.entities.user import User
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort, JobSortField
from app.infrastructure.database.models.job_model import job_status_history_table
from app.presentation.schemas.job import JOB_FIELDS, JobOut
from tests.helpers import add_user, uow_of
from tests.job_builders import START, make_job, save


async def page(
    app: FastAPI, user_id: int, filters: JobFilters | None = None, sort: JobSort | None = None, **kw: int
) -> list[dict[str, object]]:
    async with uow_of(app).read_only() as uow:
        rendered, total = await uow.jobs.list_page(
            user_id,
            filters or JobFilters(),
            sort or JobSort(),
            limit=kw.get("limit", 20),
            offset=kw.get("offset", 0),
            fields=JOB_FIELDS,
        )
        assert total == await uow.jobs.count(user_id, filters or JobFilters())
    items: list[dict[str, object]] = json.loads(rendered.json)
    assert rendered.count == len(items)
    return items


async def count(app: FastAPI, user_id: int, filters: JobFilters | None = None) -> int:
    async with uow_of(app).read_only() as uow:
        return await uow.jobs.count(user_id, filters or JobFilters())


async def test_a_job_comes_back_with_its_fields_and_history(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(
        user_id,
        location="Denver, CO",
        parsed_keywords=["Python", "C++"],
        requirements=["5+ years"],
        benefits=["Pension"],
        remote=True,
        employment_type=EmploymentType.CONTRACT,
        application_status=ApplicationStatus.APPLIED,
        notes="Ñoño — ünïcode ✓",
    )
    await save(app, job)
    async with uow_of(app).read_only() as uow:
        stored = await uow.jobs.get(job.id, user_id=user_id)
    assert stored is not None
    assert JobOut.model_validate(stored) == JobOut.model_validate(job)
    assert stored.employment_type is EmploymentType.CONTRACT
    assert stored.applied_date == START
    assert [(c.from_status, c.to_status, c.changed_at) for c in stored.status_history] == [
        (None, ApplicationStatus.APPLIED, START)
    ]


async def test_a_detached_job_has_the_jobs_fields_without_history_and_saves_nothing(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(
        user_id,
        parsed_keywords=["Python"],
        employment_type=EmploymentType.CONTRACT,
        application_status=ApplicationStatus.APPLIED,
    )
    await save(app, job)
    async with uow_of(app) as uow:
        detached = await uow.jobs.get_detached(job.id, user_id=user_id)
        assert await uow.jobs.get_detached(job.id, user_id=user_id + 1) is None
        assert detached is not None
        assert JobOut.model_validate(detached) == JobOut.model_validate(job)
        assert detached.employment_type is EmploymentType.CONTRACT
        assert detached.status_history == []
        detached.title = "Changed"
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        stored = await uow.jobs.get(job.id, user_id=user_id)
    assert stored is not None
    assert stored.title == job.title
    assert len(stored.status_history) == 1


async def test_another_users_job_is_not_found(app: FastAPI):
    owner, other = await add_user(app), await add_user(app, "bob@example.com")
    job = make_job(owner)
    await save(app, job)
    async with uow_of(app).read_only() as uow:
        assert await uow.jobs.get(job.id, user_id=other) is None
    async with uow_of(app) as uow:
        assert await uow.jobs.delete(job.id, user_id=other) is False


async def test_a_status_change_adds_a_history_row_oldest_first(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    async with uow_of(app) as uow:
        stored = await uow.jobs.get(job.id, user_id=user_id)
        assert stored is not None
        stored.update(now=START + timedelta(days=1), fields={}, application_status=ApplicationStatus.APPLIED)
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        again = await uow.jobs.get(job.id, user_id=user_id)
    assert again is not None
    assert [c.to_status for c in again.status_history] == [
        ApplicationStatus.NOT_APPLIED,
        ApplicationStatus.APPLIED,
    ]
    assert again.applied_date == START + timedelta(days=1)


async def test_list_items_are_the_api_job_objects(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id, parsed_keywords=["Go"], remote=True, applied_date=START, notes='say "hi"\n')
    await save(app, job)
    [item] = await page(app, user_id)
    assert JobOut.model_validate(item) == JobOut.model_validate(job)
    assert item["remote"] is True
    assert item["parsed_keywords"] == ["Go"]
    assert item["created_at"] == "2026-11-01T09:30:15.123456Z"


# Text that JSON writers escape differently, whitespace the API's input would have trimmed, every
# control character a column can hold, and timestamps with no, round and full microseconds.
AWKWARD = "".join(chr(code) for code in range(1, 32)) + ' "q" \\ / </script> \u2028 \u00e9 \U0001f680 '


async def test_list_items_are_written_byte_for_byte_as_the_api_writes_the_stored_job(app: FastAPI):
    user_id = await add_user(app)
    jobs = [
        make_job(
            user_id,
            title=f"  {AWKWARD}  ",
            location=None,
            description=AWKWARD,
            parsed_keywords=[AWKWARD, "", "  spaced  "],
            requirements=[],
            benefits=["Ünïcode ✓", 'a", "b'],
            remote=False,
            applied_date=START.replace(microsecond=0),
            created_at=START.replace(microsecond=120000),
            updated_at=START.replace(microsecond=0),
        ),
        make_job(user_id, 1, remote=True, notes="", url="https://example.com/?a=1&b=ü"),
    ]
    await save(app, *jobs)
    async with uow_of(app).read_only() as uow:
        rendered, _ = await uow.jobs.list_page(
            user_id, JobFilters(), JobSort(), limit=20, offset=0, fields=JOB_FIELDS
        )
        stored = [await uow.jobs.get(job.id, user_id=user_id) for job in reversed(jobs)]  # newest first
    expected = ",".join(JobOut.model_validate(job).model_dump_json() for job in stored)
    assert rendered.json == f"[{expected}]"
    assert '"created_at":"2026-11-01T09:30:15.120000Z"' in rendered.json
    assert '"applied_date":"2026-11-01T09:30:15Z"' in rendered.json


async def test_a_list_item_holds_the_fields_asked_for_in_their_order(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id, benefits=["Pension"])
    await save(app, job)
    async with uow_of(app).read_only() as uow:
        rendered, _ = await uow.jobs.list_page(
            user_id, JobFilters(), JobSort(), limit=20, offset=0, fields=("benefits", "id", "remote")
        )
    assert rendered.json == f'[{{"benefits":["Pension"],"id":"{job.id}","remote":false}}]'


async def test_lists_sort_and_page_with_a_stable_order(app: FastAPI):
    user_id = await add_user(app)
    jobs = [make_job(user_id, n, company=f"Co {9 - n}") for n in range(5)]
    twin = make_job(user_id, 4, company="Co 5")  # same created_at as jobs[4]: the id breaks the tie
    await save(app, *jobs, twin)
    newest = [item["id"] for item in await page(app, user_id)]
    assert newest[2:] == [jobs[3].id, jobs[2].id, jobs[1].id, jobs[0].id]
    assert set(newest[:2]) == {jobs[4].id, twin.id}
    pages = [item["id"] for offset in (0, 2, 4) for item in await page(app, user_id, limit=2, offset=offset)]
    assert pages == newest
    by_company = await page(app, user_id, sort=JobSort(JobSortField.COMPANY, descending=False))
    assert [item["company"] for item in by_company] == ["Co 5", "Co 5", "Co 6", "Co 7", "Co 8", "Co 9"]


async def test_filters_and_counts_agree(app: FastAPI):
    user_id = await add_user(app)
    other = await add_user(app, "bob@example.com")
    await save(
        app,
        make_job(user_id, 0, status=JobStatus.ARCHIVED),
        make_job(user_id, 1, source=JobSource.API, remote=True),
        make_job(
            user_id,
            2,
            employment_type=EmploymentType.INTERNSHIP,
            application_status=ApplicationStatus.PREPARING,
        ),
        make_job(other, 3, source=JobSource.API),
    )
    cases = {
        JobFilters(): 3,
        JobFilters(status=JobStatus.ARCHIVED): 1,
        JobFilters(source=JobSource.API): 1,
        JobFilters(remote=True): 1,
        JobFilters(remote=False): 2,
        JobFilters(employment_type=EmploymentType.INTERNSHIP): 1,
        JobFilters(application_status=ApplicationStatus.PREPARING): 1,
        JobFilters(source=JobSource.API, remote=False): 0,
    }
    for filters, expected in cases.items():
        assert await count(app, user_id, filters) == expected, filters
        assert len(await page(app, user_id, filters)) == expected, filters


async def test_search_is_case_insensitive_and_takes_wildcards_literally(app: FastAPI):
    user_id = await add_user(app)
    await save(
        app,
        make_job(user_id, 0, title="Senior PYTHON Engineer"),
        make_job(user_id, 1, company="Pythonic Labs"),
        make_job(user_id, 2, description="We write python daily"),
        make_job(user_id, 3, title="100% remote_role"),
        make_job(user_id, 4, title="Chef"),
    )
    assert await count(app, user_id, JobFilters(q="python")) == 3
    assert await count(app, user_id, JobFilters(q="100%")) == 1
    assert await count(app, user_id, JobFilters(q="e_r")) == 1  # "remote_role", not any "e?r"
    assert await count(app, user_id, JobFilters(q="%")) == 1


async def test_counts_see_new_jobs_right_after_the_commit(app: FastAPI):
    user_id = await add_user(app)
    assert await count(app, user_id) == 0
    await save(app, make_job(user_id))
    assert await count(app, user_id) == 1
    async with uow_of(app) as uow:
        [job_id] = [item["id"] for item in await page(app, user_id)]
        assert await uow.jobs.delete(str(job_id), user_id=user_id)
        await uow.commit()
    assert await count(app, user_id) == 0


async def test_a_listed_page_shows_changes_right_after_their_commit(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id, title="Before")
    await save(app, job)
    assert [item["title"] for item in await page(app, user_id)] == ["Before"]
    assert [item["title"] for item in await page(app, user_id)] == ["Before"]
    async with uow_of(app) as uow:
        stored = await uow.jobs.get(job.id, user_id=user_id)
        assert stored is not None
        stored.update(now=START + timedelta(days=1), fields={"title": "After"})
        await uow.commit()
    assert [item["title"] for item in await page(app, user_id)] == ["After"]


async def test_deleting_a_job_deletes_its_history(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    async with uow_of(app) as uow:
        assert await uow.jobs.delete(job.id, user_id=user_id)
        await uow.commit()
    async with app.state.resources.database.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(job_status_history_table))
    assert left == 0


async def test_deleting_a_user_deletes_their_jobs(app: FastAPI):
    user_id = await add_user(app)
    await save(app, make_job(user_id))
    async with app.state.resources.database.sessions() as session:
        await session.delete(await session.get(User, user_id))
        await session.commit()
    assert await count(app, user_id) == 0


async def test_status_counts_are_grouped_in_sql(app: FastAPI):
    user_id = await add_user(app)
    await save(
        app,
        make_job(user_id, 0),
        make_job(user_id, 1),
        make_job(user_id, 2, status=JobStatus.DRAFT, application_status=ApplicationStatus.APPLIED),
    )
    async with uow_of(app).read_only() as uow:
        groups = await uow.jobs.count_by_status(user_id)
    assert sorted(groups) == sorted(
        [
            (JobStatus.ACTIVE, ApplicationStatus.NOT_APPLIED, 2),
            (JobStatus.DRAFT, ApplicationStatus.APPLIED, 1),
        ]
    )
