"""JobService with in-memory fakes: intake forms, sources, overrides, tracking, stats."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.application.dtos.job_dto import BrowseQuery, JobDraft, JobEdit, JobListQuery
from app.application.services.job_service import JobService
from app.domain.entities.feed_job import BrowseFeed
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobSource, JobStatus
from app.domain.errors import InvalidTransitionError, NotFoundError, UrlFetchFailedError, UrlNotAllowedError
from app.domain.interfaces.job_page_fetcher import FetchedPage
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort, JobSortField
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.data_files import FEED_PATH, SKILLS_PATH, load_job_feed, load_skill_vocabulary
from tests.unit.fakes import FakeClock, FakeJobPageFetcher, FakeUnitOfWork, InMemoryFileStorage

POSTING = """Senior Backend Engineer at Acme Robotics
Austin, TX

We build warehouse robots with Python and PostgreSQL.

Requirements
- 5+ years of Python
- Experience with Docker

Salary: $150,000 - $180,000 per year
"""
PARSER = DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))
FEED = load_job_feed(FEED_PATH)


def make_service(
    uow: FakeUnitOfWork | None = None,
    fetcher: FakeJobPageFetcher | None = None,
    clock: FakeClock | None = None,
    feed: BrowseFeed = FEED,
) -> JobService:
    return JobService(
        uow=uow or FakeUnitOfWork(),
        parser=PARSER,
        fetcher=fetcher or FakeJobPageFetcher(),
        feed=feed,
        clock=clock or FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        storage=InMemoryFileStorage(),
    )


async def test_structured_fields_are_saved_as_user_created_with_keywords_extracted():
    uow = FakeUnitOfWork()
    job = await make_service(uow).create_job(
        1, JobDraft(title="Data Analyst", company="Northstar", description="SQL and Tableau dashboards")
    )
    assert job.source == JobSource.USER_CREATED
    assert job.parsed_keywords == ["SQL", "Tableau"]
    assert (job.status, job.application_status, job.employment_type) == (
        JobStatus.ACTIVE,
        ApplicationStatus.NOT_APPLIED,
        EmploymentType.FULL_TIME,
    )
    assert uow.jobs.rows[job.id] is job
    assert uow.commits == 1


async def test_keywords_sent_by_the_client_are_kept_as_they_are():
    job = await make_service().create_job(
        1, JobDraft(title="Analyst", company="Acme", description="SQL", parsed_keywords=[])
    )
    assert job.parsed_keywords == []


async def test_pasted_text_is_parsed_and_fields_sent_along_override_it():
    job = await make_service().create_job(
        1, JobDraft(raw_text=POSTING, source="unknown", company="Acme Robotics Inc.", remote=True)
    )
    assert job.source == JobSource.TEXT_PARSED
    assert (job.title, job.company, job.location) == (
        "Senior Backend Engineer",
        "Acme Robotics Inc.",
        "Austin, TX",
    )
    assert job.remote is True
    assert job.salary_range == "$150,000 - $180,000 per year"
    assert job.requirements == ["5+ years of Python", "Experience with Docker"]
    assert job.raw_text == POSTING


async def test_a_url_is_fetched_parsed_and_kept():
    fetcher = FakeJobPageFetcher(page=FetchedPage(url="https://jobs.example/1", text=POSTING))
    job = await make_service(fetcher=fetcher).create_job(1, JobDraft(url="https://jobs.example/1"))
    assert fetcher.fetched == ["https://jobs.example/1"]
    assert (job.source, job.url, job.title) == (
        JobSource.URL_SCRAPED,
        "https://jobs.example/1",
        "Senior Backend Engineer",
    )
    assert job.raw_text == POSTING


async def test_a_pages_json_ld_posting_wins_over_its_text():
    posting = {"title": "ICU Nurse", "hiringOrganization": {"name": "St. Anne's"}, "description": "Care."}
    fetcher = FakeJobPageFetcher(
        page=FetchedPage(url="https://x.example", text="Menu\nLogin", posting=posting)
    )
    job = await make_service(fetcher=fetcher).create_job(1, JobDraft(url="https://x.example"))
    assert (job.title, job.company) == ("ICU Nurse", "St. Anne's")


async def test_a_page_without_text_fails_and_nothing_is_saved():
    uow = FakeUnitOfWork()
    fetcher = FakeJobPageFetcher(page=FetchedPage(url="https://x.example", text="  "))
    with pytest.raises(UrlFetchFailedError, match="no text"):
        await make_service(uow, fetcher).create_job(1, JobDraft(url="https://x.example"))
    assert uow.jobs.rows == {}


async def test_a_failed_fetch_saves_nothing():
    uow = FakeUnitOfWork()
    fetcher = FakeJobPageFetcher(fail_with=UrlFetchFailedError("The page answered HTTP 404"))
    with pytest.raises(UrlFetchFailedError):
        await make_service(uow, fetcher).create_job(1, JobDraft(url="https://x.example"))
    assert (uow.jobs.rows, uow.commits) == ({}, 0)


async def test_text_with_a_url_keeps_the_link_without_fetching_it():
    fetcher = FakeJobPageFetcher()
    job = await make_service(fetcher=fetcher).create_job(
        1, JobDraft(raw_text=POSTING, url="https://jobs.example/1")
    )
    assert (job.source, job.url, fetcher.fetched) == (JobSource.TEXT_PARSED, "https://jobs.example/1", [])
    with pytest.raises(UrlNotAllowedError):
        await make_service().create_job(1, JobDraft(raw_text=POSTING, url="file:///etc/passwd"))


async def test_creation_writes_the_first_history_row_and_applied_gets_a_date():
    clock = FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    job = await make_service(clock=clock).create_job(
        1, JobDraft(title="T", company="C", application_status=ApplicationStatus.APPLIED)
    )
    assert job.applied_date == clock.now() == job.created_at
    assert [(c.from_status, c.to_status) for c in job.status_history] == [(None, ApplicationStatus.APPLIED)]


async def test_updates_follow_the_state_machine_and_only_commit_real_changes():
    uow = FakeUnitOfWork()
    clock = FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    service = make_service(uow, clock=clock)
    job = await service.create_job(1, JobDraft(title="T", company="C"))
    clock.advance(hours=1)
    updated = await service.update_job(
        1, job.id, JobEdit(fields={"notes": "Call Ann"}, application_status=ApplicationStatus.APPLIED)
    )
    assert (updated.notes, updated.application_status, updated.applied_date) == (
        "Call Ann",
        ApplicationStatus.APPLIED,
        clock.now(),
    )
    commits = uow.commits
    await service.update_job(1, job.id, JobEdit(fields={"notes": "Call Ann"}))
    assert uow.commits == commits
    with pytest.raises(InvalidTransitionError):
        await service.update_job(1, job.id, JobEdit(application_status=ApplicationStatus.PREPARING))


@pytest.mark.parametrize(
    "job_id", ["not-a-uuid", "mock-0123456789abcdef", "00000000-0000-4000-8000-000000000000"]
)
async def test_unknown_malformed_and_feed_ids_are_job_not_found(job_id: str):
    service = make_service()
    for call in (
        service.get_job(1, job_id),
        service.update_job(1, job_id, JobEdit()),
        service.delete_job(1, job_id),
    ):
        with pytest.raises(NotFoundError) as missing:
            await call
        assert missing.value.resource == "job"


async def test_another_users_job_is_not_found():
    service = make_service()
    job = await service.create_job(1, JobDraft(title="T", company="C"))
    with pytest.raises(NotFoundError):
        await service.get_job(2, job.id)
    with pytest.raises(NotFoundError):
        await service.delete_job(2, job.id)
    assert (await service.get_job(1, job.id)) is job


async def test_the_list_page_comes_with_its_total():
    service = make_service()
    for title in ("B", "A", "C"):
        await service.create_job(1, JobDraft(title=title, company="Acme"))
    await service.create_job(2, JobDraft(title="Other", company="Acme"))
    page = await service.list_jobs(
        1,
        JobListQuery(
            fields=("title",), sort=JobSort(JobSortField.TITLE, descending=False), limit=2, offset=0
        ),
    )
    assert page.total == 3
    assert [item["title"] for item in json.loads(page.jobs.json)] == ["A", "B"]
    filtered = await service.list_jobs(
        1, JobListQuery(fields=("title",), filters=JobFilters(q="c"), limit=20, offset=0)
    )
    assert filtered.total == 3  # "c" is in "Acme"


async def test_stats_count_every_status_including_zeroes():
    service = make_service()
    await service.create_job(1, JobDraft(title="T", company="C"))
    await service.create_job(
        1,
        JobDraft(
            title="T", company="C", status=JobStatus.ARCHIVED, application_status=ApplicationStatus.REJECTED
        ),
    )
    stats = await service.stats(1)
    assert stats.total == 2
    assert stats.by_status == {JobStatus.ACTIVE: 1, JobStatus.ARCHIVED: 1, JobStatus.DRAFT: 0}
    assert stats.by_application_status[ApplicationStatus.REJECTED] == 1
    assert sum(stats.by_application_status.values()) == 2


async def test_browse_pages_through_the_feed_newest_first():
    page = await make_service().browse(BrowseQuery(limit=5, offset=0))
    assert page.total == len(FEED)
    assert len(page.items) == 5
    assert page.items[0].posted_at >= page.items[-1].posted_at


async def test_parse_text_saves_nothing():
    uow = FakeUnitOfWork()
    parsed = await make_service(uow).parse_text(POSTING)
    assert parsed.company == "Acme Robotics"
    assert (uow.jobs.rows, uow.commits) == ({}, 0)
