"""Sample use cases on in-memory fakes: activation, the daily quota, ownership and deletion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.application.services.sample_service import SampleService
from app.application.services.usage_quota import UsageQuota
from app.domain.entities.sample_document import SampleFilter
from app.domain.enums.document_type import DocumentType
from app.domain.enums.usage import UsageKind
from app.domain.errors import EmptyFileError, NotFoundError, QuotaExceededError, UnsupportedFileTypeError
from tests.unit.fakes import FakeClock, FakeUnitOfWork

RESUME, LETTER = DocumentType.RESUME, DocumentType.COVER_LETTER
TEXT = b"I design data platforms. I led a team of five engineers.\n"


def make_service(
    *, limit: int = 10, now: datetime | None = None
) -> tuple[SampleService, FakeUnitOfWork, FakeClock]:
    uow, clock = FakeUnitOfWork(), FakeClock(now or datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    service = SampleService(
        uow=uow, clock=clock, upload_quota=UsageQuota.daily(UsageKind.SAMPLE_UPLOAD, limit=limit)
    )
    return service, uow, clock


async def upload(
    service: SampleService, clock: FakeClock, document_type: DocumentType = RESUME, *, user: int = 1
):
    clock.advance(seconds=1)
    return await service.upload(user, document_type=document_type, filename="sample.txt", content=TEXT)


def active_ids(uow: FakeUnitOfWork, document_type: DocumentType) -> list[str]:
    return [s.id for s in uow.samples.rows.values() if s.is_active and s.document_type == document_type]


async def test_an_upload_stores_the_text_counts_and_a_stylometry_style():
    service, uow, clock = make_service()
    result = await upload(service, clock)
    sample, style = result.sample, result.style
    assert (sample.full_text, sample.word_count, sample.line_count, sample.is_active) == (
        TEXT.decode(),
        11,
        1,
        True,
    )
    assert style is not None
    assert (style.sample_id, style.extraction_method, style.extraction_status) == (
        sample.id,
        "stylometry",
        "completed",
    )
    assert style.extracted_style["extraction_method"] == "stylometry"
    assert style.extracted_style["model"] is None
    assert style.extracted_style["extracted_at"] == clock.now().isoformat().replace("+00:00", "Z")
    assert style.extraction_confidence == style.extracted_style["confidence"]
    assert uow.commits == 1


async def test_a_new_upload_replaces_the_active_sample_of_its_type_only():
    service, uow, clock = make_service()
    first_resume = (await upload(service, clock, RESUME)).sample
    letter = (await upload(service, clock, LETTER)).sample
    second_resume = (await upload(service, clock, RESUME)).sample
    assert active_ids(uow, RESUME) == [second_resume.id]
    assert active_ids(uow, LETTER) == [letter.id]
    assert first_resume.is_active is False
    assert first_resume.updated_at == second_resume.created_at


async def test_uploads_lock_the_owner_and_the_quota_counter():
    service, uow, clock = make_service()
    await upload(service, clock)
    assert uow.samples.locked == [1]
    assert uow.usage_events.locked == [1]


async def test_the_eleventh_upload_of_a_utc_day_is_refused_until_midnight():
    service, uow, clock = make_service(now=datetime(2026, 3, 2, 23, 0, 0, tzinfo=UTC))
    for _ in range(10):
        await upload(service, clock)
    with pytest.raises(QuotaExceededError) as refused:
        await upload(service, clock)  # 23:00:11
    assert refused.value.retry_after_s == 3600 - 11
    assert len(uow.samples.rows) == 10
    clock.advance(hours=1)  # past 00:00 UTC: a new day
    await upload(service, clock)
    assert len(uow.samples.rows) == 11


async def test_the_quota_is_per_user():
    service, _, clock = make_service(limit=1)
    await upload(service, clock, user=1)
    await upload(service, clock, user=2)
    with pytest.raises(QuotaExceededError):
        await upload(service, clock, user=1)


async def test_each_kind_of_usage_has_its_own_quota():
    service, uow, clock = make_service(limit=1)
    await upload(service, clock)
    await UsageQuota.daily(UsageKind.EXPORT, limit=1).consume(uow, 1, now=clock.now())
    assert sorted(event.kind for event in uow.usage_events.rows) == ["export", "sample_upload"]


async def test_a_refused_file_uses_no_quota_and_stores_nothing():
    service, uow, _ = make_service(limit=1)
    with pytest.raises(UnsupportedFileTypeError):
        await service.upload(1, document_type=RESUME, filename="resume.pdf", content=b"%PDF-1.4")
    with pytest.raises(EmptyFileError):
        await service.upload(1, document_type=RESUME, filename="resume.txt", content=b"  \n")
    assert (uow.usage_events.rows, uow.samples.rows, uow.commits) == ([], {}, 0)


async def test_the_filename_is_stored_without_its_path():
    service, _, _ = make_service()
    result = await service.upload(1, document_type=RESUME, filename="C:\\docs\\cv.md", content=TEXT)
    assert result.sample.original_filename == "cv.md"


async def test_deleting_the_active_sample_promotes_the_newest_remaining_one_of_its_type():
    service, uow, clock = make_service()
    oldest, middle, newest = [(await upload(service, clock)).sample for _ in range(3)]
    letter = (await upload(service, clock, LETTER)).sample
    await service.delete_sample(1, newest.id)
    assert active_ids(uow, RESUME) == [middle.id]
    assert active_ids(uow, LETTER) == [letter.id]
    await service.delete_sample(1, oldest.id)  # inactive: nothing else changes
    assert active_ids(uow, RESUME) == [middle.id]
    assert newest.id not in uow.writing_styles.rows


async def test_deleting_the_last_sample_of_a_type_leaves_none_active():
    service, uow, clock = make_service()
    only = (await upload(service, clock)).sample
    await service.delete_sample(1, only.id)
    assert uow.samples.rows == {}


@pytest.mark.parametrize("sample_id", ["not-a-uuid", "", "00000000-0000-4000-8000-000000000000"])
async def test_unknown_or_malformed_ids_are_not_found(sample_id: str):
    service, _, _ = make_service()
    with pytest.raises(NotFoundError) as missing:
        await service.get_sample(1, sample_id)
    assert missing.value.resource == "sample"
    with pytest.raises(NotFoundError):
        await service.delete_sample(1, sample_id)


async def test_another_users_sample_is_not_found_and_not_deleted():
    service, uow, clock = make_service()
    sample = (await upload(service, clock, user=1)).sample
    with pytest.raises(NotFoundError):
        await service.get_sample(2, sample.id)
    with pytest.raises(NotFoundError):
        await service.delete_sample(2, sample.id)
    assert sample.id in uow.samples.rows


async def test_a_sample_is_read_back_with_its_style():
    service, _, clock = make_service()
    stored = await upload(service, clock)
    found = await service.get_sample(1, stored.sample.id.upper())
    assert found.sample is stored.sample
    assert found.style is stored.style


async def test_the_list_is_filtered_paged_and_counted():
    service, _, clock = make_service()
    resumes = [(await upload(service, clock)).sample for _ in range(3)]
    await upload(service, clock, LETTER)
    page = await service.list_samples(1, SampleFilter(RESUME), limit=2, offset=0)
    assert [item.id for item in page.items] == [resumes[2].id, resumes[1].id]
    assert page.total == 3
    inactive = await service.list_samples(1, SampleFilter(is_active=False), limit=20, offset=0)
    assert {item.id for item in inactive.items} == {resumes[0].id, resumes[1].id}
