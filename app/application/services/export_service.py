"""Export use cases: a generation rendered as PDF or DOCX (or several as a ZIP), stored, and previewed.

A file is stored before its row is written, and removed again if the row cannot be: neither a row
without a file nor a file without a row is left behind. An identical request (same generation,
template, format and options) reuses the stored export and only extends its life.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import anyio

from app.application.dtos.export_dto import ExportPolicy, ExportRequest, ExportResult
from app.application.services.usage_quota import UsageQuota
from app.domain.entities.export import Export, ExportView
from app.domain.entities.generation import GenerationView
from app.domain.enums.export import ExportFormat
from app.domain.enums.generation import GenerationStatus
from app.domain.errors import GenerationNotCompletedError, NotFoundError, StorageQuotaExceededError
from app.domain.exports.files import MEDIA_TYPES, download_name, storage_key
from app.domain.exports.options import ExportOptions, for_template
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.renderer import DocumentRenderer, RenderedFile
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.unit_of_work import UnitOfWork


def completed(view: GenerationView | None) -> GenerationView:
    """The generation, which must exist (404) and be completed (400 generation_not_completed)."""
    if view is None:
        raise NotFoundError("generation")
    if view.generation.status is not GenerationStatus.COMPLETED:
        raise GenerationNotCompletedError
    return view


class ExportService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        renderer: DocumentRenderer,
        storage: FileStorage,
        quota: UsageQuota,
        policy: ExportPolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._renderer = renderer
        self._storage = storage
        self._quota = quota
        self._policy = policy

    async def export_document(self, user_id: int, request: ExportRequest) -> ExportResult:
        """The generation as a PDF or DOCX file: the stored one when identical, else rendered now."""
        options = for_template(request.options, request.template)
        view = await self._generation(user_id, request.generation_id)
        reused = await self._reuse(user_id, view, request, options.options_hash)
        if reused is not None:
            return ExportResult(reused, reused=True)
        await self.check_quotas(user_id, uses=1)
        started = time.perf_counter()
        document = view.generation.content_structured or {}
        rendered = await self.render(document, request.format, request, options)
        export = Export(
            user_id=user_id,
            format=request.format,
            template=request.template,
            filename=download_name(request.filename, parts=name_parts(view), export_format=request.format),
            storage_key="",
            file_size_bytes=len(rendered.data),
            options_hash=options.options_hash,
            expires_at=self._clock.now(),
            generation_id=view.generation.id,
            job_id=view.generation.job_id,
            document_type=view.generation.document_type,
            page_count=rendered.page_count,
            options=options.as_dict(),
            details=_details(view, rendered, started),
        )
        export.storage_key = storage_key(user_id, export.id, request.format)
        await self._storage.put_bytes(
            export.storage_key, rendered.data, content_type=MEDIA_TYPES[request.format]
        )
        await self.record(export, uses=[export.id])
        return ExportResult(ExportView(export, view.job_title, view.company), reused=False)

    async def preview(self, user_id: int, request: ExportRequest) -> bytes:
        """Page 1 of the PDF as a watermarked PNG (not stored, no quota)."""
        view = await self._generation(user_id, request.generation_id)
        options = for_template(request.options, request.template)
        document = view.generation.content_structured or {}
        return await self._renderer.preview_png(document, template=request.template, options=options)

    async def render(
        self,
        document: dict[str, Any],
        export_format: ExportFormat,
        request: ExportRequest,
        options: ExportOptions,
    ) -> RenderedFile:
        """The document as a PDF or DOCX file (rendered off the event loop by the renderer)."""
        if export_format is ExportFormat.DOCX:
            return await self._renderer.render_docx(document, template=request.template, options=options)
        return await self._renderer.render_pdf(document, template=request.template, options=options)

    async def _generation(self, user_id: int, generation_id: str) -> GenerationView:
        canonical = parse_id(generation_id)
        async with self._uow.read_only() as uow:
            view = None if canonical is None else await uow.generations.get_view(canonical, user_id=user_id)
        return completed(view)

    async def _reuse(
        self, user_id: int, view: GenerationView, request: ExportRequest, options_hash: str
    ) -> ExportView | None:
        """The identical stored export, kept 30 more days; an expired one is removed (it is made anew)."""
        async with self._uow as uow:
            export = await uow.exports.find_identical(
                view.generation.id,
                template=request.template,
                format=request.format,
                options_hash=options_hash,
            )
            if export is None:
                return None
            now = self._clock.now()
            if export.is_expired(now):
                await uow.exports.delete([export])
                await uow.commit()
                await self._storage.delete(export.storage_key)
                return None
            export.renew(now=now, retention=self._policy.retention)
            await uow.commit()
        return ExportView(export, view.job_title, view.company)

    async def check_quotas(self, user_id: int, *, uses: int) -> None:
        """Refuse early, before any rendering, when the hour's exports or the storage are spent."""
        now = self._clock.now()
        async with self._uow.read_only() as uow:
            await self._quota.check(uow, user_id, now=now, uses=uses)
            await self.check_storage(uow, user_id, now=now, adding=0)

    @property
    def retention(self) -> timedelta:
        return self._policy.retention

    async def record(self, export: Export, *, uses: list[str]) -> None:
        """Write the row of a stored file, or remove the file: no file is left without its row."""
        try:
            await self.insert(export, uses=uses)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._storage.delete(export.storage_key)
            raise

    async def insert(self, export: Export, *, uses: list[str]) -> None:
        """Write the export's row, its uses of the hour's quota (event ids) and the bytes it holds
        counted again under the user's lock."""
        async with self._uow as uow:
            now = self._clock.now()
            await self._quota.consume(uow, export.user_id, now=now, event_ids=uses)
            await self.check_storage(uow, export.user_id, now=now, adding=export.file_size_bytes)
            export.created_at = now
            export.expires_at = now + self._policy.retention
            await uow.exports.add(export)
            await uow.commit()

    async def give_back(self, uow: UnitOfWork, uses: list[str]) -> None:
        """Undo these uses of the hour's quota (what they paid for was never made)."""
        for use in uses:
            await self._quota.give_back(uow, use)

    async def check_storage(self, uow: UnitOfWork, user_id: int, *, now: datetime, adding: int) -> None:
        used = await uow.exports.total_size(user_id, now=now)
        limit = self._policy.storage_limit_bytes
        if used + adding > limit or (adding == 0 and used >= limit):
            first = await uow.exports.first_expiry(user_id, now=now)
            wait = (first - now).total_seconds() if first is not None else 3600
            raise StorageQuotaExceededError(
                int(wait) + 1,
                f"Stored exports would exceed {limit} bytes; delete some or wait for them to expire",
            )


def name_parts(view: GenerationView) -> tuple[str, ...]:
    """What a file is named after when the request names it not: the person, the document, the company."""
    header = (view.generation.content_structured or {}).get("header", {})
    return (str(header.get("name") or ""), view.generation.document_type.value, view.company)


def _details(view: GenerationView, rendered: RenderedFile, started: float) -> dict[str, Any]:
    details: dict[str, Any] = {
        "job_title": view.job_title,
        "company": view.company,
        "ats_score": view.generation.ats_score,
        "processing_time_seconds": round(time.perf_counter() - started, 3),
    }
    if rendered.word_count is not None:
        details["word_count"] = rendered.word_count
    return details
