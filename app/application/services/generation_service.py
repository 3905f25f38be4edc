"""Generation use cases: tailored resumes and cover letters, synchronous or queued, and their history.

No transaction is open while a document is written (a model may take seconds): the sources are read
in one read-only unit of work, the document is made, and the result is written in another.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import anyio.to_thread

from app.application.dtos.generation_dto import (
    CoverLetterOptions,
    DocumentOptions,
    GenerationPage,
    ResumeOptions,
    Sources,
    Target,
)
from app.application.services.document_writer import DocumentWriter
from app.application.services.export_files_service import remove_files
from app.application.services.generation_sources import read_sources
from app.application.services.ranking_service import RankingService
from app.application.services.usage_quota import UsageQuota
from app.domain.entities.generation import GeneratedDocument, Generation, GenerationFilter, GenerationView
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationErrorCode, GenerationMode
from app.domain.errors import LlmTimeoutError, LlmUnavailableError, NotFoundError, QueueUnavailableError
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.serialized_rows import SerializedRows
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.task_runner import (
    ENQUEUE_GRACE,
    GiveUp,
    JobOutcome,
    MayRetry,
    QueuedTask,
    TaskKind,
    TaskRunner,
    never,
)
from app.domain.interfaces.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

_FAILURES: tuple[tuple[type[Exception], GenerationErrorCode], ...] = (
    (LlmUnavailableError, GenerationErrorCode.LLM_UNAVAILABLE),
    (LlmTimeoutError, GenerationErrorCode.LLM_TIMEOUT),
)
_GIVE_UP: dict[GiveUp, tuple[GenerationErrorCode, str]] = {
    GiveUp.TIMED_OUT: (
        GenerationErrorCode.INTERNAL_ERROR,
        "The document took longer than a queued job may take; generate it again",
    ),
    GiveUp.TRIES_SPENT: (
        GenerationErrorCode.INTERRUPTED,
        "The worker stopped before the document was finished, on every try; generate it again",
    ),
    GiveUp.LOST: (
        GenerationErrorCode.INTERRUPTED,
        "The queued job was lost before the document was finished; generate it again",
    ),
}


def _options_of(generation: Generation) -> DocumentOptions:
    """The request's options as stored on the row."""
    if generation.document_type is DocumentType.RESUME:
        return ResumeOptions(**generation.options)
    return CoverLetterOptions(**generation.options)


class GenerationService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        rankings: RankingService,
        writer: DocumentWriter,
        letter_quota: UsageQuota,
        tasks: TaskRunner,
        storage: FileStorage,
    ) -> None:
        self._storage = storage
        self._uow = uow
        self._clock = clock
        self._rankings = rankings
        self._writer = writer
        self._letter_quota = letter_quota
        self._tasks = tasks

    async def generate_resume(
        self, user_id: int, target: Target, options: ResumeOptions, *, mode: GenerationMode
    ) -> GenerationView:
        """A resume tailored to the job: made now (sync) or queued (async, answered pending)."""
        return await self._generate(user_id, target, DocumentType.RESUME, options, mode=mode)

    async def generate_cover_letter(
        self, user_id: int, target: Target, options: CoverLetterOptions, *, mode: GenerationMode
    ) -> GenerationView:
        """A cover letter for the job in the user's style; one of the day's letters once it succeeds."""
        async with self._uow.read_only() as uow:  # a spent quota is refused before any work
            await self._letter_quota.check(uow, user_id, now=self._clock.now())
        return await self._generate(user_id, target, DocumentType.COVER_LETTER, options, mode=mode)

    async def _generate(
        self,
        user_id: int,
        target: Target,
        document_type: DocumentType,
        options: DocumentOptions,
        *,
        mode: GenerationMode,
    ) -> GenerationView:
        async with self._uow.read_only() as uow:
            sources = await read_sources(uow, user_id, target)
        generation = Generation(
            user_id=user_id,
            job_id=sources.job.id,
            profile_id=sources.profile.id,
            document_type=document_type,
            mode=mode,
            options=options.as_dict(),
        )
        if mode is GenerationMode.SYNC:
            generation.complete(await self._compose(user_id, options, sources), now=self._clock.now())
        view = await self._store(generation, sources)
        if mode is GenerationMode.ASYNC:
            try:
                await self._tasks.submit(QueuedTask(TaskKind.GENERATION, generation.id, user_id))
            except QueueUnavailableError:
                await self._withdraw(generation)
                raise
        return view

    async def _compose(self, user_id: int, options: DocumentOptions, sources: Sources) -> GeneratedDocument:
        """The document the options ask for (their type tells a resume from a letter)."""
        ranked = await self._rankings.fresh(user_id, sources, custom_prompt=None)
        if isinstance(options, ResumeOptions):
            return await anyio.to_thread.run_sync(self._writer.resume, sources, ranked, options)
        async with self._uow.read_only() as uow:
            style = await uow.writing_styles.get_active(user_id, DocumentType.COVER_LETTER)
            style = style or await uow.writing_styles.get_active(user_id, DocumentType.RESUME)
        return await self._writer.cover_letter(sources, ranked, options, style=style)

    def _quota_for(self, generation: Generation) -> UsageQuota | None:
        return self._letter_quota if generation.document_type is DocumentType.COVER_LETTER else None

    async def _store(self, generation: Generation, sources: Sources) -> GenerationView:
        """Save a new generation (a letter takes one of the day's uses, keyed by the generation's id)."""
        async with self._uow as uow:
            job = await uow.jobs.get_detached(generation.job_id, user_id=generation.user_id)
            if job is None:  # deleted while the document was written
                raise NotFoundError("job")
            now = self._clock.now()
            quota = self._quota_for(generation)
            if quota is not None:
                await quota.consume(uow, generation.user_id, now=now, event_ids=[generation.id])
            if not await uow.profiles.exists(sources.profile.id, user_id=generation.user_id):
                generation.profile_id = None  # deleted meanwhile: the document stays, as ON DELETE SET NULL
            generation.created_at = generation.updated_at = now
            if generation.completed_at is not None:
                generation.completed_at = now
            await uow.generations.add(generation)
            await uow.commit()
        return GenerationView(generation, job_title=job.title, company=job.company)

    async def _withdraw(self, generation: Generation) -> None:
        """Undo `_store` of a generation the queue refused: no row stays pending, a letter's use is back."""
        async with self._uow as uow:
            await uow.generations.delete(generation.id, user_id=generation.user_id)
            quota = self._quota_for(generation)
            if quota is not None:
                await quota.give_back(uow, generation.id)
            await uow.commit()

    async def run_queued(self, task: QueuedTask, *, may_retry: MayRetry = never) -> JobOutcome:
        """Make a queued document from its row: pending -> generating -> completed, or failed.

        A failure `may_retry` accepts is raised instead of recorded: the row stays generating for the
        next try. A row already finished (a try that ended after its work was saved) is left as it is.
        """
        started = await self._advance(task, lambda g: g.start(now=self._clock.now()))
        if started is None:
            return JobOutcome.SKIPPED
        try:
            async with self._uow.read_only() as uow:
                sources = await read_sources(uow, task.user_id, Target(started.job_id, started.profile_id))
            document = await self._compose(task.user_id, _options_of(started), sources)
        except Exception as error:
            if may_retry(error):
                raise
            recorded = await self._fail(task, error)
            return JobOutcome.FAILED if recorded else JobOutcome.SKIPPED
        completed = await self._advance(task, lambda g: g.complete(document, now=self._clock.now()))
        return JobOutcome.COMPLETED if completed is not None else JobOutcome.SKIPPED

    async def _advance(self, task: QueuedTask, change: Callable[[Generation], None]) -> Generation | None:
        """Apply `change` to the stored generation and answer it; None when it is gone (deleted with its
        job) or done."""
        async with self._uow as uow:
            generation = await uow.generations.get(task.id, user_id=task.user_id)
            if generation is None or generation.is_finished:
                return None
            change(generation)
            await uow.commit()
        return generation

    async def _fail(self, task: QueuedTask, error: Exception) -> bool:
        """Record `error` on the generation; False when it is gone (deleted with its job meanwhile)."""
        code = next((code for kind, code in _FAILURES if isinstance(error, kind)), None)
        message = getattr(error, "message", None) or "The document could not be generated"
        recorded = await self._record_failure(task, code or GenerationErrorCode.INTERNAL_ERROR, message)
        if recorded and code is None:
            logger.error("generation %s failed", task.id, exc_info=error)
        return recorded

    async def _record_failure(self, task: QueuedTask, code: GenerationErrorCode, message: str) -> bool:
        """Mark the generation failed unless it is gone or finished (then False); a failed letter does
        not count."""
        async with self._uow as uow:
            generation = await uow.generations.get(task.id, user_id=task.user_id)
            if generation is None or generation.is_finished:
                return False
            generation.fail(code, message, now=self._clock.now())
            quota = self._quota_for(generation)
            if quota is not None:
                await quota.give_back(uow, generation.id)
            await uow.commit()
        return True

    async def give_up(self, task: QueuedTask, *, reason: GiveUp) -> None:
        """Record why a queued generation was given up (failed, with its error_code and message)."""
        code, message = _GIVE_UP[reason]
        await self._record_failure(task, code, message)

    async def recover_lost(self) -> int:
        """Fail the unfinished generations whose queued task is gone (a worker or queue lost it)."""
        settled = self._clock.now() - ENQUEUE_GRACE
        async with self._uow.read_only() as uow:
            unfinished = await uow.generations.unfinished(updated_before=settled)
        lost = await self._tasks.lost([generation.id for generation in unfinished])
        for generation in unfinished:
            if generation.id in lost:
                await self.give_up(
                    QueuedTask(TaskKind.GENERATION, generation.id, generation.user_id), reason=GiveUp.LOST
                )
        return len(lost)

    async def history(
        self, user_id: int, generation_filter: GenerationFilter, *, limit: int, offset: int
    ) -> GenerationPage:
        """A page of the user's generations, newest first."""
        if generation_filter.job_id is not None and parse_id(generation_filter.job_id) is None:
            return GenerationPage(items=SerializedRows("[]", 0), total=0)  # no job has such an id
        async with self._uow.read_only() as uow:
            items, total = await uow.generations.list_page(
                user_id, generation_filter, limit=limit, offset=offset
            )
        return GenerationPage(items=items, total=total)

    async def get_generation(self, user_id: int, generation_id: str) -> GenerationView:
        """One of the user's generations with its job's title and company."""
        canonical = parse_id(generation_id)
        async with self._uow.read_only() as uow:
            view = None if canonical is None else await uow.generations.get_view(canonical, user_id=user_id)
        if view is None:
            raise NotFoundError("generation")
        return view

    async def delete_generation(self, user_id: int, generation_id: str) -> None:
        """Delete one of the user's generations with its exports (ZIPs holding it too) and their files."""
        canonical = parse_id(generation_id)
        async with self._uow as uow:
            if canonical is None or await uow.generations.get(canonical, user_id=user_id) is None:
                raise NotFoundError("generation")
            exports = [
                *await uow.exports.of_generations([canonical]),
                *await uow.exports.zips_holding(user_id, [canonical]),
            ]
            await uow.exports.delete(exports)
            await uow.generations.delete(canonical, user_id=user_id)
            await uow.commit()
        await remove_files(self._storage, exports)

    async def recover_interrupted(self) -> int:
        """At start-up: generations left pending or generating by a stopped server become failed."""
        async with self._uow as uow:
            count = await uow.generations.fail_unfinished(
                error_code=GenerationErrorCode.INTERRUPTED.value,
                message="The server stopped before the document was finished; generate it again",
                now=self._clock.now(),
            )
            await uow.commit()
        return count
