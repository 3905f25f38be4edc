"""A user over the daily upload quota is refused before the server analyses the file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.application.dtos.sample_dto import SampleWithStyle
from app.application.services.sample_service import SampleService
from app.application.services.usage_quota import UsageQuota
from app.domain.enums.document_type import DocumentType
from app.domain.enums.usage import UsageKind
from app.domain.errors import EmptyFileError, QuotaExceededError
from app.domain.stylometry import StyleProfile, analyze
from tests.unit.fakes import FakeClock, FakeUnitOfWork

TEXT = b"I design data platforms. I led a team of five engineers.\n"


class CountingAnalyzer:
    """The real analysis, counting the texts it was given."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str, document_type: DocumentType) -> StyleProfile:
        self.texts.append(text)
        return analyze(text, document_type)


def make_service(*, limit: int, now: datetime) -> tuple[SampleService, FakeUnitOfWork, CountingAnalyzer]:
    uow, analyzer = FakeUnitOfWork(), CountingAnalyzer()
    service = SampleService(
        uow=uow,
        clock=FakeClock(now),
        upload_quota=UsageQuota.daily(UsageKind.SAMPLE_UPLOAD, limit=limit),
        analyze_style=analyzer,
    )
    return service, uow, analyzer


async def upload(service: SampleService, content: bytes = TEXT) -> SampleWithStyle:
    return await service.upload(1, document_type=DocumentType.RESUME, filename="cv.txt", content=content)


async def test_an_upload_over_the_quota_is_refused_without_analysing_the_file():
    service, uow, analyzer = make_service(limit=2, now=datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    await upload(service)
    await upload(service)
    with pytest.raises(QuotaExceededError) as refused:
        await upload(service, b"A different text that nobody should have to read. " * 100)
    assert len(analyzer.texts) == 2
    assert refused.value.retry_after_s == 3600
    assert refused.value.message == "Daily limit of 2 reached; it resets at 00:00 UTC"
    assert (len(uow.usage_events.rows), len(uow.samples.rows)) == (2, 2)


async def test_an_unreadable_file_is_refused_before_the_quota_is_looked_at():
    service, _, analyzer = make_service(limit=1, now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await upload(service)
    with pytest.raises(EmptyFileError):
        await upload(service, b" \n\t\n")
    assert len(analyzer.texts) == 1


async def test_an_upload_within_the_quota_is_analysed_once():
    service, _, analyzer = make_service(limit=1, now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    result = await upload(service)
    assert analyzer.texts == [TEXT.decode()]
    assert result.style is not None
