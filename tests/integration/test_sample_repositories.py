"""Sample, style and usage persistence on the real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.domain.entities.sample_document import SampleDocument, SampleFilter, count_text
from app.domain.entities.usage_event import UsageEvent
from app.domain.entities.user import User
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.domain.enums.usage import UsageKind
from app.domain.enums.writing_style import ExtractionMethod, ExtractionStatus
from app.infrastructure.database.models.sample_model import sample_documents_table, writing_styles_table
from app.infrastructure.database.models.usage_model import usage_events_table
from tests.helpers import add_user, uow_of
from tests.unit.fakes import FakeClock

NOW = datetime.now(UTC).replace(microsecond=0)
RESUME, LETTER = DocumentType.RESUME, DocumentType.COVER_LETTER


def make_sample(user_id: int, document_type: DocumentType = RESUME, **overrides: object) -> SampleDocument:
    text = "Built things.\n"
    sample = SampleDocument.from_text(
        user_id=user_id,
        document_type=document_type,
        filename="cv.md",
        text=text,
        counts=count_text(text),
        now=NOW,
    )
    for key, value in overrides.items():
        setattr(sample, key, value)
    return sample


def make_style(sample: SampleDocument) -> WritingStyle:
    return WritingStyle(
        id=str(uuid.uuid4()),
        user_id=sample.user_id,
        sample_id=sample.id,
        extracted_style={"tone": "neutral", "key_phrases": ["data platform"], "greeting": None},
        extraction_method=ExtractionMethod.STYLOMETRY,
        extraction_status=ExtractionStatus.COMPLETED,
        extraction_confidence=0.5,
    )


def make_event(user_id: int, kind: UsageKind = UsageKind.SAMPLE_UPLOAD, *, at: datetime = NOW) -> UsageEvent:
    return UsageEvent(id=str(uuid.uuid4()), user_id=user_id, kind=kind, created_at=at)


async def store_with_style(app: FastAPI, sample: SampleDocument) -> None:
    async with uow_of(app) as uow:
        await uow.samples.add(sample)
        await uow.writing_styles.add(make_style(sample))
        await uow.commit()


async def add_events(app: FastAPI, *events: UsageEvent) -> None:
    async with uow_of(app) as uow:
        for event in events:
            await uow.usage_events.add(event)
        await uow.commit()


async def store(app: FastAPI, *samples: SampleDocument) -> None:
    async with uow_of(app) as uow:
        for sample in samples:
            await uow.samples.add(sample)
        await uow.commit()


async def count_rows(app: FastAPI, table: object) -> int:
    async with app.state.resources.database.sessions() as db:
        return int(await db.scalar(select(func.count()).select_from(table)))  # type: ignore[arg-type]


async def test_a_sample_and_its_style_come_back_as_stored(app: FastAPI):
    user_id = await add_user(app)
    sample = make_sample(user_id, LETTER)
    await store_with_style(app, sample)
    async with uow_of(app).read_only() as uow:
        found = await uow.samples.get(sample.id, user_id=user_id)
        style = await uow.writing_styles.get_for_sample(sample.id)
    assert found is not None
    assert (found.document_type, found.full_text, found.is_active) == (LETTER, "Built things.\n", True)
    assert found.document_type is DocumentType.COVER_LETTER
    assert found.created_at == NOW
    assert style is not None
    assert style.extracted_style == {"tone": "neutral", "key_phrases": ["data platform"], "greeting": None}
    assert (style.extraction_method, style.extraction_status) == ("stylometry", "completed")


async def test_the_database_refuses_two_active_samples_of_one_type_for_one_user(app: FastAPI):
    user_id, other_id = await add_user(app), await add_user(app, "bo@example.com")
    await store(app, make_sample(user_id), make_sample(user_id, LETTER), make_sample(other_id))
    await store(app, make_sample(user_id, is_active=False), make_sample(user_id, is_active=False))
    with pytest.raises(IntegrityError):
        await store(app, make_sample(user_id))


async def test_deactivating_and_promoting_change_only_one_users_type(app: FastAPI):
    user_id, other_id = await add_user(app), await add_user(app, "bo@example.com")
    old = make_sample(user_id, is_active=False, created_at=NOW - timedelta(days=2))
    newer = make_sample(user_id, is_active=False, created_at=NOW - timedelta(days=1))
    active, letter, others = make_sample(user_id), make_sample(user_id, LETTER), make_sample(other_id)
    await store(app, old, newer, active, letter, others)
    later = NOW + timedelta(minutes=5)
    async with uow_of(app) as uow:
        await uow.samples.deactivate_active(user_id, RESUME, now=later)
        deleted = await uow.samples.delete(active.id, user_id=user_id)
        promoted = await uow.samples.activate_newest(user_id, RESUME, now=later)
        await uow.commit()
    assert deleted is not None
    assert (deleted.id, deleted.document_type, deleted.is_active) == (active.id, RESUME, False)
    assert promoted == newer.id
    async with uow_of(app).read_only() as uow:
        active_now = await uow.samples.list_summaries(
            user_id, SampleFilter(is_active=True), limit=9, offset=0
        )
        promoted_sample = await uow.samples.get(newer.id, user_id=user_id)
        others_active = await uow.samples.count(other_id, SampleFilter(RESUME, is_active=True))
    assert {s.id for s in active_now} == {newer.id, letter.id}
    assert promoted_sample is not None
    assert promoted_sample.updated_at == later
    assert others_active == 1


async def test_promoting_when_no_sample_of_the_type_is_left_does_nothing(app: FastAPI):
    user_id = await add_user(app)
    async with uow_of(app) as uow:
        assert await uow.samples.activate_newest(user_id, LETTER, now=NOW) is None


async def test_a_sample_is_only_found_deleted_or_listed_for_its_owner(app: FastAPI):
    user_id, other_id = await add_user(app), await add_user(app, "bo@example.com")
    sample = make_sample(user_id)
    await store(app, sample)
    async with uow_of(app) as uow:
        assert await uow.samples.get(sample.id, user_id=other_id) is None
        assert await uow.samples.delete(sample.id, user_id=other_id) is None
        assert await uow.samples.list_summaries(other_id, SampleFilter(), limit=9, offset=0) == []
        await uow.commit()
    assert await count_rows(app, sample_documents_table) == 1


async def test_the_list_is_newest_first_paged_and_without_text(app: FastAPI):
    user_id = await add_user(app)
    samples = [
        make_sample(user_id, is_active=False, created_at=NOW - timedelta(minutes=minutes))
        for minutes in range(5)
    ]
    await store(app, *samples)
    async with uow_of(app).read_only() as uow:
        inactive_resumes = SampleFilter(RESUME, is_active=False)
        page = await uow.samples.list_summaries(user_id, inactive_resumes, limit=2, offset=1)
        total = await uow.samples.count(user_id, inactive_resumes)
    assert [s.id for s in page] == [samples[1].id, samples[2].id]
    assert total == 5
    assert not hasattr(page[0], "full_text")


async def test_deleting_a_sample_deletes_its_style(app: FastAPI):
    user_id = await add_user(app)
    sample = make_sample(user_id)
    await store_with_style(app, sample)
    async with uow_of(app) as uow:
        await uow.samples.delete(sample.id, user_id=user_id)
        await uow.commit()
    assert await count_rows(app, writing_styles_table) == 0


async def test_deleting_a_user_deletes_their_samples_styles_and_usage(app: FastAPI):
    user_id = await add_user(app)
    await store_with_style(app, make_sample(user_id))
    await add_events(app, make_event(user_id))
    async with app.state.resources.database.sessions() as db:
        await db.delete(await db.get(User, user_id))
        await db.commit()
    for table in (sample_documents_table, writing_styles_table, usage_events_table):
        assert await count_rows(app, table) == 0


async def test_usage_is_counted_per_user_kind_and_window(app: FastAPI):
    user_id, other_id = await add_user(app), await add_user(app, "bo@example.com")
    await add_events(
        app,
        make_event(user_id, at=NOW - timedelta(hours=1)),
        make_event(user_id),
        make_event(user_id, at=NOW - timedelta(days=1)),
        make_event(user_id, UsageKind.EXPORT),
        make_event(other_id),
    )
    async with uow_of(app) as uow:
        since = NOW - timedelta(hours=2)
        assert await uow.usage_events.count_since(user_id, UsageKind.SAMPLE_UPLOAD, since=since) == 2
        assert await uow.usage_events.count_since(user_id, UsageKind.EXPORT, since=since) == 1


async def test_cleanup_deletes_usage_events_older_than_two_days(app: FastAPI):
    user_id = await add_user(app)
    ages = (timedelta(days=3), timedelta(days=2, minutes=1), timedelta(days=1))
    await add_events(app, *(make_event(user_id, at=NOW - age) for age in ages))
    report = await replace(app.state.resources, clock=FakeClock(NOW)).maintenance_service().cleanup()
    assert report.usage_events_deleted == 2
    assert await count_rows(app, usage_events_table) == 1


async def test_concurrent_owner_locks_serialise_read_then_write(app: FastAPI):
    """Each writer deactivates the active sample and adds its own; the lock keeps exactly one active."""
    user_id = await add_user(app)

    async def replace_active(index: int) -> None:
        async with uow_of(app) as uow:
            await uow.samples.lock_owner(user_id)
            await asyncio.sleep(0)  # let the others reach their lock
            now = NOW + timedelta(seconds=index)
            await uow.samples.deactivate_active(user_id, RESUME, now=now)
            await uow.samples.add(make_sample(user_id, created_at=now))
            await uow.commit()

    await asyncio.gather(*(replace_active(i) for i in range(8)))
    async with uow_of(app).read_only() as uow:
        assert await uow.samples.count(user_id, SampleFilter(RESUME, is_active=True)) == 1
        assert await uow.samples.count(user_id, SampleFilter(RESUME)) == 8
