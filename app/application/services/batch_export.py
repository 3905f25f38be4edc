"""Batch export: several generations rendered into one ZIP, made now or queued for a worker.

Only one rendered document is in memory at a time: each is written into the ZIP file as soon as it is
made, and the finished file is handed to storage from disk. Generations that cannot be exported (not
found, not completed) are listed in the ZIP's `metadata.failed`; with none usable the request fails.

A queued batch (`mode=async`) is checked and counted like one made now, then stored pending with what
it asks for; the queued task makes the ZIP under the row's own storage key and completes the row, or
records why it failed (`error_code`), gives its uses of the hour's quota back and removes any file.
"""

from __future__ import annotations

import logging
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread

from app.application.dtos.export_dto import ExportRequest
from app.application.services.export_files_service import remove_files
from app.application.services.export_service import ExportService, completed, name_parts
from app.domain.entities.export import Export, ExportView
from app.domain.entities.generation import GenerationView
from app.domain.enums.export import ExportErrorCode, ExportFormat, ExportStatus, TemplateId
from app.domain.errors import (
    DomainError,
    GenerationNotCompletedError,
    NotFoundError,
    QueueUnavailableError,
    RenderFailedError,
    StorageQuotaExceededError,
    StorageUnavailableError,
)
from app.domain.exports.files import MEDIA_TYPES, download_name, storage_key, zip_name
from app.domain.exports.options import ExportOptions, for_template
from app.domain.ids import new_id, parse_id
from app.domain.interfaces.clock import Clock
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

_FAILURES: tuple[tuple[type[Exception], ExportErrorCode], ...] = (
    (NotFoundError, ExportErrorCode.GENERATION_NOT_FOUND),
    (GenerationNotCompletedError, ExportErrorCode.GENERATION_NOT_FOUND),
    (RenderFailedError, ExportErrorCode.RENDER_FAILED),
    (StorageUnavailableError, ExportErrorCode.STORAGE_UNAVAILABLE),
    (StorageQuotaExceededError, ExportErrorCode.STORAGE_QUOTA_EXCEEDED),
)
_GIVE_UP: dict[GiveUp, tuple[ExportErrorCode, str]] = {
    GiveUp.TIMED_OUT: (
        ExportErrorCode.INTERNAL_ERROR,
        "The files took longer than a queued job may take; export fewer at a time",
    ),
    GiveUp.TRIES_SPENT: (
        ExportErrorCode.INTERRUPTED,
        "The worker stopped before the ZIP was made, on every try; export again",
    ),
    GiveUp.LOST: (
        ExportErrorCode.INTERRUPTED,
        "The queued job was lost before the ZIP was made; export again",
    ),
}


@dataclass(frozen=True)
class _Member:
    request: ExportRequest
    view: GenerationView


@dataclass(frozen=True)
class QueuedBatch:
    """What a queued batch asks for, kept on its row (`Export.request`) until a worker makes it."""

    requests: list[ExportRequest]
    zip_filename: str | None
    uses: list[str]  # its usage events in the hour's quota, given back if it fails

    def as_dict(self) -> dict[str, Any]:
        return {
            "members": [
                {
                    "generation_id": request.generation_id,
                    "format": request.format.value,
                    "template": request.template.value,
                    "options": request.options.as_dict(),
                    "filename": request.filename,
                }
                for request in self.requests
            ],
            "zip_filename": self.zip_filename,
            "uses": self.uses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QueuedBatch:
        requests = [
            ExportRequest(
                member["generation_id"],
                ExportFormat(member["format"]),
                TemplateId(member["template"]),
                ExportOptions.from_dict(member["options"]),
                member["filename"],
            )
            for member in data["members"]
        ]
        return cls(requests, data["zip_filename"], list(data["uses"]))


class BatchExporter:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        exports: ExportService,
        storage: FileStorage,
        tasks: TaskRunner,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._exports = exports
        self._storage = storage
        self._tasks = tasks

    async def export_zip(
        self, user_id: int, requests: list[ExportRequest], *, zip_filename: str | None
    ) -> ExportView:
        """One ZIP of the usable generations' files; each member counts against the hourly quota."""
        members, failed = await self._members(user_id, requests)
        await self._exports.check_quotas(user_id, uses=len(members))
        export = self._zip_row(user_id, members, failed, zip_filename=zip_filename)
        size, details = await self._make(export, members)
        export.file_size_bytes, export.details = size, details
        await self._exports.record(export, uses=[new_id() for _ in members])
        return _view(export, members)

    async def queue_zip(
        self, user_id: int, requests: list[ExportRequest], *, zip_filename: str | None
    ) -> ExportView:
        """The ZIP stored pending and queued: checked and counted as if made now, made by a worker."""
        members, failed = await self._members(user_id, requests)
        await self._exports.check_quotas(user_id, uses=len(members))
        export = self._zip_row(user_id, members, failed, zip_filename=zip_filename)
        uses = [new_id() for _ in members]
        export.status = ExportStatus.PENDING
        export.request = QueuedBatch([member.request for member in members], zip_filename, uses).as_dict()
        await self._exports.insert(export, uses=uses)
        try:
            await self._tasks.submit(QueuedTask(TaskKind.BATCH_EXPORT, export.id, user_id))
        except QueueUnavailableError:
            async with self._uow as uow:  # nothing of the request is kept: no row, no use of the quota
                await uow.exports.delete([export])
                await self._exports.give_back(uow, uses)
                await uow.commit()
            raise
        return _view(export, members)

    async def run_queued(self, task: QueuedTask, *, may_retry: MayRetry = never) -> JobOutcome:
        """Make a queued ZIP from its row: pending -> rendering -> completed, or failed.

        A failure `may_retry` accepts is raised instead of recorded: the row stays rendering for the
        next try. A row already finished, or deleted meanwhile (with a job or generation it holds), is
        left as it is.
        """
        export = await self._advance(task, Export.start)
        if export is None:
            return JobOutcome.SKIPPED
        batch = QueuedBatch.from_dict(export.request or {})
        try:
            members, failed = await self._members(task.user_id, batch.requests)
            size, details = await self._make(export, members)
            details["failed"] = [*export.details.get("failed", []), *failed]  # at queueing, and since
            finished = await self._finish(task, size, details)
        except Exception as error:
            if may_retry(error):
                raise
            recorded = await self._fail(task, error)
            return JobOutcome.FAILED if recorded else JobOutcome.SKIPPED
        if finished is None:  # gone or given up meanwhile: its file goes too
            await remove_files(self._storage, [export])
            return JobOutcome.SKIPPED
        return JobOutcome.COMPLETED

    async def give_up(self, task: QueuedTask, *, reason: GiveUp) -> None:
        """Record why a queued batch was given up (failed, with its error_code and message)."""
        code, message = _GIVE_UP[reason]
        await self._record_failure(task, code, message)

    async def recover_lost(self) -> int:
        """Fail the unfinished exports whose queued task is gone (a worker or queue lost it)."""
        async with self._uow.read_only() as uow:
            unfinished = await uow.exports.unfinished(created_before=self._clock.now() - ENQUEUE_GRACE)
        lost = await self._tasks.lost([export.id for export in unfinished])
        for export in unfinished:
            if export.id in lost:
                await self.give_up(_task(export), reason=GiveUp.LOST)
        return len(lost)

    async def recover_interrupted(self) -> int:
        """At start-up (in-process queue): batches left unfinished by a stopped server become failed."""
        async with self._uow.read_only() as uow:
            unfinished = await uow.exports.unfinished()
        message = "The server stopped before the ZIP was made; export again"
        for export in unfinished:
            await self._record_failure(_task(export), ExportErrorCode.INTERRUPTED, message)
        return len(unfinished)

    async def _advance(self, task: QueuedTask, change: Callable[[Export], None]) -> Export | None:
        async with self._uow as uow:
            export = await uow.exports.get(task.id, user_id=task.user_id)
            if export is None or export.is_finished:
                return None
            change(export)
            await uow.commit()
        return export

    async def _finish(self, task: QueuedTask, size: int, details: dict[str, Any]) -> Export | None:
        """Complete the row with its stored file (the storage quota counted again, now with its size,
        under the user's lock as every export's row is written)."""
        async with self._uow as uow:
            await uow.usage_events.lock_user(task.user_id)
            export = await uow.exports.get(task.id, user_id=task.user_id)
            if export is None or export.is_finished:
                return None
            now = self._clock.now()
            await self._exports.check_storage(uow, task.user_id, now=now, adding=size)
            export.complete(file_size_bytes=size, details=details, now=now, retention=self._exports.retention)
            await uow.commit()
        return export

    async def _fail(self, task: QueuedTask, error: Exception) -> bool:
        code = next((code for kind, code in _FAILURES if isinstance(error, kind)), None)
        message = error.message if isinstance(error, DomainError) else "The ZIP could not be made"
        recorded = await self._record_failure(task, code or ExportErrorCode.INTERNAL_ERROR, message)
        if recorded and code is None:
            logger.error("batch export %s failed", task.id, exc_info=error)
        return recorded

    async def _record_failure(self, task: QueuedTask, code: ExportErrorCode, message: str) -> bool:
        """Mark the export failed unless it is gone or finished (then False): its uses are given back
        and any file it left is removed."""
        async with self._uow as uow:
            export = await uow.exports.get(task.id, user_id=task.user_id)
            if export is None or export.is_finished:
                return False
            export.fail(code, message)
            await self._exports.give_back(uow, QueuedBatch.from_dict(export.request or {}).uses)
            await uow.commit()
        await remove_files(self._storage, [export])
        return True

    async def _members(
        self, user_id: int, requests: list[ExportRequest]
    ) -> tuple[list[_Member], list[dict[str, str]]]:
        members: list[_Member] = []
        failed: list[dict[str, str]] = []
        async with self._uow.read_only() as uow:
            for request in requests:
                canonical = parse_id(request.generation_id)
                view = (
                    None if canonical is None else await uow.generations.get_view(canonical, user_id=user_id)
                )
                try:
                    members.append(_Member(request, completed(view)))
                except DomainError as error:
                    reason = "not_found" if isinstance(error, NotFoundError) else "not_completed"
                    failed.append({"generation_id": request.generation_id, "reason": reason})
        if not members:
            if any(item["reason"] == "not_completed" for item in failed):
                raise GenerationNotCompletedError("None of the generations has completed")
            raise NotFoundError("generation")
        return members, failed

    async def _make(self, export: Export, members: list[_Member]) -> tuple[int, dict[str, Any]]:
        """Render the members into a ZIP and store it under the export's key; its size and metadata."""
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="jobwise-zip-") as folder:
            path = Path(folder) / "export.zip"
            names = await self._write_zip(path, members)
            await self._storage.put_file(export.storage_key, path, content_type=MEDIA_TYPES[ExportFormat.ZIP])
            size = path.stat().st_size
        details = {
            **export.details,
            "file_count": len(names),
            "files": names,
            "generation_ids": [member.view.generation.id for member in members],
            "processing_time_seconds": round(time.perf_counter() - started, 3),
        }
        return size, details

    async def _write_zip(self, path: Path, members: list[_Member]) -> list[str]:
        names: list[str] = []
        seen: Counter[str] = Counter()
        archive = await anyio.to_thread.run_sync(lambda: zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED))
        try:
            for member in members:
                request, view = member.request, member.view
                options = for_template(request.options, request.template)
                document = view.generation.content_structured or {}
                rendered = await self._exports.render(document, request.format, request, options)
                name = _unique(
                    download_name(request.filename, parts=name_parts(view), export_format=request.format),
                    seen,
                )
                await anyio.to_thread.run_sync(archive.writestr, name, rendered.data)
                names.append(name)
        finally:
            await anyio.to_thread.run_sync(archive.close)
        return names

    def _zip_row(
        self, user_id: int, members: list[_Member], failed: list[dict[str, str]], *, zip_filename: str | None
    ) -> Export:
        """The ZIP's row before its file is made: no size yet, the members it will hold."""
        jobs = {member.view.generation.job_id for member in members}
        types = {member.view.generation.document_type for member in members}
        templates = {member.request.template for member in members}
        now = self._clock.now()
        export = Export(
            user_id=user_id,
            format=ExportFormat.ZIP,
            template=templates.pop() if len(templates) == 1 else TemplateId.MODERN,
            filename=zip_name(zip_filename, now=now),
            storage_key="",
            file_size_bytes=0,
            options_hash=new_id().replace("-", "").ljust(64, "0"),  # never reused: ZIPs are not deduplicated
            expires_at=now,
            job_id=jobs.pop() if len(jobs) == 1 else None,
            document_type=types.pop() if len(types) == 1 else None,
            options=for_template(members[0].request.options, members[0].request.template).as_dict(),
            details={
                "file_count": len(members),
                "generation_ids": [member.view.generation.id for member in members],
                "failed": failed,
            },
        )
        export.storage_key = storage_key(user_id, export.id, ExportFormat.ZIP)
        return export


def _task(export: Export) -> QueuedTask:
    return QueuedTask(TaskKind.BATCH_EXPORT, export.id, export.user_id)


def _view(export: Export, members: list[_Member]) -> ExportView:
    """The ZIP with its job's title and company when its documents share one job."""
    only = members[0].view
    same_job = export.job_id is not None
    return ExportView(export, only.job_title if same_job else None, only.company if same_job else None)


def _unique(name: str, seen: Counter[str]) -> str:
    """`name`, or `name_2`, `name_3`... when the ZIP already holds it."""
    seen[name] += 1
    if seen[name] == 1:
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem}_{seen[name]}{dot}{extension}"
