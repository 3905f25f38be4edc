"""The Job aggregate: the application-status state machine, its history, sources and URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

import pytest

from app.domain.entities.job import ALLOWED_TRANSITIONS, Job, require_web_url, stored_source
from app.domain.enums.job import STORABLE_SOURCES, ApplicationStatus, JobSource, JobStatus
from app.domain.errors import InvalidTransitionError, UrlNotAllowedError
from app.presentation.schemas.job import SourceFilter

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)

ALLOWED = [(start, end) for start, ends in ALLOWED_TRANSITIONS.items() for end in ends]
REFUSED = [
    (start, end)
    for start in ApplicationStatus
    for end in ApplicationStatus
    if end != start and end not in ALLOWED_TRANSITIONS[start]
]


def make_job(**overrides: object) -> Job:
    values: dict[str, object] = {
        "id": "6c1f7f86-2f0e-4d2b-9a57-6a2b6f1d1c11",
        "user_id": 1,
        "source": JobSource.USER_CREATED,
        "title": "Nurse",
        "company": "St. Anne's",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(overrides)
    job = Job(**values)  # type: ignore[arg-type]
    job.record_creation()
    return job


def test_the_transition_table_is_the_contracts():
    a = ApplicationStatus
    assert ALLOWED_TRANSITIONS == {
        a.NOT_APPLIED: (a.PREPARING, a.APPLIED, a.WITHDRAWN),
        a.PREPARING: (a.APPLIED, a.NOT_APPLIED, a.WITHDRAWN),
        a.APPLIED: (a.INTERVIEWING, a.OFFER_RECEIVED, a.REJECTED, a.WITHDRAWN),
        a.INTERVIEWING: (a.OFFER_RECEIVED, a.REJECTED, a.WITHDRAWN),
        a.OFFER_RECEIVED: (a.ACCEPTED, a.REJECTED, a.WITHDRAWN),
        a.ACCEPTED: (a.NOT_APPLIED,),
        a.REJECTED: (a.NOT_APPLIED,),
        a.WITHDRAWN: (a.NOT_APPLIED,),
    }
    assert len(ALLOWED) == 19
    assert len(REFUSED) == 8 * 7 - 19


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_every_allowed_move_changes_the_status_and_writes_a_history_row(
    start: ApplicationStatus, end: ApplicationStatus
):
    job = make_job(application_status=start)
    assert job.update(now=LATER, fields={}, application_status=end) is True
    assert job.application_status == end
    last = job.status_history[-1]
    assert (last.from_status, last.to_status, last.changed_at) == (start, end, LATER)
    assert job.updated_at == LATER


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_every_other_move_is_refused_naming_the_allowed_next_states(
    start: ApplicationStatus, end: ApplicationStatus
):
    job = make_job(application_status=start, notes="before")
    with pytest.raises(InvalidTransitionError) as refused:
        job.update(now=LATER, fields={"notes": "after"}, application_status=end)
    assert type(refused.value) is InvalidTransitionError
    for allowed in ALLOWED_TRANSITIONS[start]:
        assert allowed.value in refused.value.message
    assert (job.application_status, job.notes, len(job.status_history)) == (start, "before", 1)


def test_moving_to_the_same_status_is_a_no_op_without_a_history_row():
    job = make_job(application_status=ApplicationStatus.APPLIED)
    assert job.update(now=LATER, fields={}, application_status=ApplicationStatus.APPLIED) is False
    assert len(job.status_history) == 1
    assert job.updated_at == NOW


def test_creation_is_the_first_history_row_whatever_the_initial_status():
    job = make_job(application_status=ApplicationStatus.INTERVIEWING)
    assert [(c.from_status, c.to_status, c.changed_at) for c in job.status_history] == [
        (None, ApplicationStatus.INTERVIEWING, NOW)
    ]


def test_entering_applied_stamps_applied_date_and_leaving_keeps_it():
    job = make_job()
    job.update(now=LATER, fields={}, application_status=ApplicationStatus.APPLIED)
    assert job.applied_date == LATER
    job.update(now=LATER + timedelta(days=3), fields={}, application_status=ApplicationStatus.INTERVIEWING)
    assert job.applied_date == LATER


def test_an_applied_date_sent_with_the_move_wins_over_now():
    sent = NOW - timedelta(days=2)
    job = make_job()
    job.update(now=LATER, fields={"applied_date": sent}, application_status=ApplicationStatus.APPLIED)
    assert job.applied_date == sent


def test_a_job_created_as_applied_gets_an_applied_date():
    assert make_job(application_status=ApplicationStatus.APPLIED).applied_date == NOW
    sent = NOW - timedelta(days=5)
    assert make_job(application_status=ApplicationStatus.APPLIED, applied_date=sent).applied_date == sent


def test_an_edit_that_changes_nothing_leaves_updated_at_alone():
    job = make_job(status=JobStatus.ACTIVE)
    assert job.update(now=LATER, fields={"title": "Nurse", "status": JobStatus.ACTIVE}) is False
    assert job.updated_at == NOW
    assert job.update(now=LATER, fields={"status": JobStatus.ARCHIVED}) is True
    assert (job.status, job.updated_at) == (JobStatus.ARCHIVED, LATER)


def test_only_editable_fields_can_be_edited():
    with pytest.raises(ValueError, match="not editable"):
        make_job().update(now=LATER, fields={"user_id": 2})


@pytest.mark.parametrize(
    ("raw_text", "url", "hint", "stored"),
    [
        (True, False, None, JobSource.TEXT_PARSED),
        (True, False, "user_created", JobSource.USER_CREATED),
        (True, True, "api", JobSource.API),
        (False, True, None, JobSource.URL_SCRAPED),
        (False, True, "url_import", JobSource.URL_IMPORT),
        (False, True, "unknown-label", JobSource.URL_SCRAPED),
        (False, False, "api", JobSource.API),
        (False, False, "imported", JobSource.IMPORTED),
        (False, False, " LinkedIn ", JobSource.LINKEDIN),
        (False, False, "indeed", JobSource.INDEED),
        (False, False, "glassdoor", JobSource.GLASSDOOR),
        (False, False, "mock", JobSource.IMPORTED),
        (False, False, "user_created", JobSource.USER_CREATED),
        (False, False, "text_parsed", JobSource.TEXT_PARSED),
        (False, False, "anything", JobSource.USER_CREATED),
        (False, False, None, JobSource.USER_CREATED),
    ],
)
def test_a_known_label_is_stored_as_sent_and_otherwise_the_form_decides(
    raw_text: bool, url: bool, hint: str | None, stored: JobSource
):
    assert stored_source(has_raw_text=raw_text, has_url=url, hint=hint) == stored


def test_the_list_filter_accepts_exactly_the_storable_sources():
    assert set(get_args(SourceFilter)) == {source.value for source in STORABLE_SOURCES}
    assert "mock" not in get_args(SourceFilter)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/job", "javascript:alert(1)", "example.com/job", "http://", ""]
)
def test_only_absolute_http_urls_are_accepted(url: str):
    with pytest.raises(UrlNotAllowedError):
        require_web_url(url)


def test_http_and_https_urls_pass_unchanged():
    assert require_web_url("https://jobs.example.com/a?b=1") == "https://jobs.example.com/a?b=1"
    assert require_web_url("HTTP://example.com") == "HTTP://example.com"
