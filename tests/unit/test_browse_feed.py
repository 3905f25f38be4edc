"""The browse feed: the shipped file, its validation at start-up, stable ids and filters."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

import pytest

from app.domain.entities.feed_job import BrowseFeed, FeedJob, feed_job_id
from app.domain.enums.job import EmploymentType
from app.infrastructure.data_files import FEED_PATH, DataFileError, load_job_feed


def make_feed_job(**overrides: object) -> FeedJob:
    values: dict[str, object] = {
        "title": "Nurse",
        "company": "Acme",
        "location": "Denver, CO",
        "description": "Care for patients.",
        "posted_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return FeedJob(**values)  # type: ignore[arg-type]


def test_the_shipped_feed_has_at_least_40_varied_postings():
    feed = load_job_feed(FEED_PATH)
    jobs, total = feed.search(limit=100, offset=0)
    assert total == len(feed) >= 40
    assert {job.employment_type for job in jobs} == set(EmploymentType)
    assert {job.remote for job in jobs} == {True, False}
    assert len({job.company for job in jobs}) == total
    assert any(job.salary_range is None for job in jobs)
    assert any("hour" in (job.salary_range or "") for job in jobs)
    assert [job.posted_at for job in jobs] == sorted((job.posted_at for job in jobs), reverse=True)


def test_ids_are_mock_and_16_hex_of_the_sha256_of_title_company_and_location():
    assert (
        feed_job_id("Nurse", "Acme", "Denver, CO")
        == "mock-" + sha256(b"Nurse|Acme|Denver, CO").hexdigest()[:16]
    )
    assert make_feed_job().id == feed_job_id("Nurse", "Acme", "Denver, CO")
    assert make_feed_job(location=None).id == feed_job_id("Nurse", "Acme", "")


def test_feed_jobs_read_like_jobs_of_nobody():
    job = make_feed_job()
    assert (job.user_id, job.raw_text, job.url, job.applied_date, job.notes) == (None, None, None, None, None)
    assert (job.source, job.status, job.application_status) == ("mock", "active", "not_applied")
    assert job.created_at == job.updated_at == job.posted_at


def test_two_postings_with_the_same_identity_are_refused():
    with pytest.raises(ValueError, match="share title, company and location"):
        BrowseFeed([make_feed_job(), make_feed_job(description="Other")])


def test_every_query_word_must_match_somewhere_case_insensitively():
    feed = BrowseFeed(
        [
            make_feed_job(title="Backend Engineer", description="Python services"),
            make_feed_job(title="Data Analyst", parsed_keywords=["Python", "SQL"]),
            make_feed_job(title="Chef", company="Python Kitchen"),
        ]
    )
    assert [job.title for job in feed.search(query="PYTHON", limit=10, offset=0)[0]] == [
        "Backend Engineer",
        "Data Analyst",
        "Chef",
    ]
    assert [job.title for job in feed.search(query="python sql", limit=10, offset=0)[0]] == ["Data Analyst"]


def test_location_remote_and_employment_type_filters_and_pages():
    feed = BrowseFeed(
        [
            make_feed_job(title="A", location="Berlin, Germany", remote=True),
            make_feed_job(title="B", location="Munich, Germany", employment_type=EmploymentType.CONTRACT),
            make_feed_job(title="C", location="Austin, TX"),
        ]
    )
    assert feed.search(location="germany", limit=10, offset=0)[1] == 2
    assert [job.title for job in feed.search(remote_only=True, limit=10, offset=0)[0]] == ["A"]
    assert [j.title for j in feed.search(employment_type=EmploymentType.CONTRACT, limit=10, offset=0)[0]] == [
        "B"
    ]
    assert feed.search(limit=1, offset=1) == ([feed.search(limit=3, offset=0)[0][1]], 3)


def write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def posting(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": "Nurse",
        "company": "Acme",
        "location": "Denver, CO",
        "description": "Care.",
        "requirements": [],
        "benefits": [],
        "parsed_keywords": [],
        "salary_range": None,
        "remote": False,
        "employment_type": "full_time",
        "posted_at": "2026-11-01T00:00:00Z",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "Invalid JSON"),
        ({"version": 2, "jobs": [posting()]}, "version"),
        ({"version": 1, "jobs": []}, "jobs"),
        ({"version": 1, "jobs": [posting(title="")]}, "jobs.0.title"),
        ({"version": 1, "jobs": [posting(employment_type="gig")]}, "jobs.0.employment_type"),
        ({"version": 1, "jobs": [posting(remote="yes")]}, "jobs.0.remote"),
        ({"version": 1, "jobs": [posting(posted_at="2026-11-01T00:00:00")]}, "time zone"),
        ({"version": 1, "jobs": [posting(), posting()]}, "share title, company and location"),
    ],
)
def test_a_malformed_feed_file_is_a_clear_error(tmp_path: Path, document: object, message: str):
    path = write(tmp_path, document)
    with pytest.raises(DataFileError, match=message) as error:
        load_job_feed(path)
    assert str(path) in str(error.value)


def test_a_missing_feed_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(DataFileError, match="not usable"):
        load_job_feed(tmp_path / "missing.json")
