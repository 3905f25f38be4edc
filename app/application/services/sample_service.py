"""Writing-sample use cases: upload with style extraction, list, read, delete."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

import anyio.to_thread

from app.application.dtos.sample_dto import SamplePage, SampleWithStyle
from app.application.services.llm_calls import LlmCalls
from app.application.services.usage_quota import UsageQuota
from app.domain.entities.sample_document import (
    SampleDocument,
    SampleFilter,
    TextCounts,
    clean_filename,
    count_text,
    read_sample_file,
)
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.domain.enums.writing_style import ExtractionMethod, ExtractionStatus
from app.domain.errors import LlmTimeoutError, LlmUnavailableError, NotFoundError
from app.domain.generation.llm_answers import StyleRefinement
from app.domain.generation.task_briefs import writing_style_brief
from app.domain.ids import new_id, parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork
from app.domain.stylometry import StyleProfile, analyze

StyleAnalyzer = Callable[[str, DocumentType], StyleProfile]
logger = logging.getLogger(__name__)


class _Measured(NamedTuple):
    counts: TextCounts
    profile: StyleProfile


class _Refined(NamedTuple):
    """The model's reading of a sample's style (`stylometry+llm`) and the model that gave it."""

    refinement: StyleRefinement
    model: str


def _writing_style(
    sample: SampleDocument, profile: StyleProfile, refined: _Refined | None, *, now: datetime
) -> WritingStyle:
    method = ExtractionMethod.STYLOMETRY if refined is None else ExtractionMethod.STYLOMETRY_LLM
    document = {
        **profile.as_dict(),
        **({} if refined is None else refined.refinement.as_dict()),
        "extraction_method": method.value,
        "model": None if refined is None else refined.model,
        "extracted_at": now.isoformat().replace("+00:00", "Z"),
    }
    return WritingStyle(
        id=new_id(),
        user_id=sample.user_id,
        sample_id=sample.id,
        extracted_style=document,
        extraction_method=method,
        extraction_status=ExtractionStatus.COMPLETED,
        extraction_model=None if refined is None else refined.model,
        extraction_confidence=profile.confidence,
        created_at=now,
        updated_at=now,
    )


class SampleService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        upload_quota: UsageQuota,
        analyze_style: StyleAnalyzer = analyze,
        style_refiner: LlmCalls | None = None,
    ) -> None:
        self._style_refiner = style_refiner
        self._uow = uow
        self._clock = clock
        self._upload_quota = upload_quota
        self._analyze_style = analyze_style

    async def upload(
        self, user_id: int, *, document_type: DocumentType, filename: str, content: bytes
    ) -> SampleWithStyle:
        """Store a sample with its writing style as the active one of its type (one of the day's uploads)."""
        name = clean_filename(filename)
        # Decoding, counting and stylometry are CPU work: off the event loop, before any lock is taken.
        # A file that cannot be read is refused first (those errors come before the quota's); the
        # stylometry runs only for a user with uploads left today.
        text = await anyio.to_thread.run_sync(read_sample_file, name, content)
        await self._refuse_over_quota(user_id)
        measured = await anyio.to_thread.run_sync(self._measure, text, document_type)
        refined = await self._refine(text, document_type, measured.profile)
        async with self._uow as uow:
            await uow.samples.lock_owner(user_id)
            now = self._clock.now()  # after the lock: creation order is activation order
            await self._upload_quota.consume(uow, user_id, now=now)
            sample = SampleDocument.from_text(
                user_id=user_id,
                document_type=document_type,
                filename=name,
                text=text,
                counts=measured.counts,
                now=now,
            )
            style = _writing_style(sample, measured.profile, refined, now=now)
            await uow.samples.deactivate_active(user_id, document_type, now=now)
            await uow.samples.add(sample)
            await uow.writing_styles.add(style)
            await uow.commit()
        return SampleWithStyle(sample, style)

    async def _refine(self, text: str, document_type: DocumentType, profile: StyleProfile) -> _Refined | None:
        """The model's reading of the style with a remote provider; a failure keeps stylometry alone."""
        if self._style_refiner is None:
            return None
        brief = writing_style_brief(document_type, measures=profile.as_dict(), text=text)
        try:
            refinement, metadata = await self._style_refiner.writing_style(brief)
        except (LlmUnavailableError, LlmTimeoutError):
            logger.warning("the writing style was not refined: the model provider failed")
            return None
        return _Refined(refinement, str(metadata["model"]))

    def _measure(self, text: str, document_type: DocumentType) -> _Measured:
        return _Measured(count_text(text), self._analyze_style(text, document_type))

    async def _refuse_over_quota(self, user_id: int) -> None:
        """Refuse an upload early when today's quota is spent, reading only.

        The upload's transaction counts again under the lock (`UsageQuota.consume`), which is what makes
        the limit hold under concurrency; this look only spares the analysis of a file that would be
        refused anyway, with the same answer.
        """
        async with self._uow.read_only() as uow:
            await self._upload_quota.check(uow, user_id, now=self._clock.now())

    async def list_samples(
        self, user_id: int, sample_filter: SampleFilter, *, limit: int, offset: int
    ) -> SamplePage:
        """A page of the user's samples, newest first, without their text."""
        async with self._uow.read_only() as uow:
            total = await uow.samples.count(user_id, sample_filter)
            items = await uow.samples.list_summaries(user_id, sample_filter, limit=limit, offset=offset)
        return SamplePage(items=items, total=total)

    async def get_sample(self, user_id: int, sample_id: str) -> SampleWithStyle:
        """One of the user's samples with its text and writing style."""
        canonical = parse_id(sample_id)
        async with self._uow.read_only() as uow:
            sample = None if canonical is None else await uow.samples.get(canonical, user_id=user_id)
            if sample is None:
                raise NotFoundError("sample")
            style = await uow.writing_styles.get_for_sample(sample.id)
        return SampleWithStyle(sample, style)

    async def delete_sample(self, user_id: int, sample_id: str) -> None:
        """Delete a sample and its style; when it was active, the newest one left of its type takes over."""
        canonical = parse_id(sample_id)
        if canonical is None:
            raise NotFoundError("sample")
        async with self._uow as uow:
            await uow.samples.lock_owner(user_id)
            deleted = await uow.samples.delete(canonical, user_id=user_id)
            if deleted is None:
                raise NotFoundError("sample")
            if deleted.is_active:
                await uow.samples.activate_newest(user_id, deleted.document_type, now=self._clock.now())
            await uow.commit()
