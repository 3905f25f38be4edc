"""The user's stored exports: lists, downloads (stream, redirect or link), deletion and retention.

Files are removed after the rows that name them are committed: a failed commit leaves both in place.
A file whose removal fails is logged; its row is gone, so nothing points at it any more.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import timedelta

from app.application.dtos.export_dto import DownloadLink, ExportPage, ExportPolicy, JobExportPage
from app.domain.entities.export import Export, ExportFilter, ExportView
from app.domain.enums.export import ExportStatus
from app.domain.errors import (
    DomainError,
    ExportExpiredError,
    ExportFailedError,
    ExportNotReadyError,
    NotFoundError,
)
from app.domain.exports.files import MEDIA_TYPES
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.download_links import DownloadLinks
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

CLEANUP_BATCH = 500


@dataclass(frozen=True)
class Download:
    """How a download is served: a redirect to the store's own link, or the file streamed by us."""

    export: Export
    media_type: str
    redirect_url: str | None = None
    chunks: AsyncIterator[bytes] | None = None


async def remove_files(storage: FileStorage, exports: Sequence[Export]) -> None:
    """Remove the files of exports whose rows are gone (after commit); a failure is logged, not raised."""
    for export in exports:
        try:
            await storage.delete(export.storage_key)
        except DomainError:
            logger.warning("could not remove %s; its export row is gone", export.storage_key)


class ExportFilesService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        storage: FileStorage,
        links: DownloadLinks,
        policy: ExportPolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._storage = storage
        self._links = links
        self._policy = policy

    async def list_exports(
        self, user_id: int, export_filter: ExportFilter, *, limit: int, offset: int
    ) -> ExportPage:
        """A page of the user's unexpired exports, newest first, with the bytes they hold."""
        if export_filter.job_id is not None and parse_id(export_filter.job_id) is None:
            export_filter = ExportFilter(job_id="00000000-0000-0000-0000-000000000000")  # matches nothing
        now = self._clock.now()
        async with self._uow.read_only() as uow:
            total = await uow.exports.count(user_id, export_filter, now=now)
            items = await uow.exports.list_views(user_id, export_filter, now=now, limit=limit, offset=offset)
            used = await uow.exports.total_size(user_id, now=now)
        return ExportPage(items=items, total=total, storage_used_bytes=used)

    async def job_exports(
        self, user_id: int, job_id: str, export_filter: ExportFilter, *, limit: int, offset: int
    ) -> JobExportPage:
        """A page of one job's unexpired exports, newest first; 404 job_not_found."""
        canonical = parse_id(job_id)
        now = self._clock.now()
        async with self._uow.read_only() as uow:
            job = None if canonical is None else await uow.jobs.get(canonical, user_id=user_id)
            if job is None:
                raise NotFoundError("job")
            scoped = ExportFilter(
                job.id, export_filter.format, export_filter.document_type, export_filter.template
            )
            total = await uow.exports.count(user_id, scoped, now=now)
            items = await uow.exports.list_views(user_id, scoped, now=now, limit=limit, offset=offset)
            size = await uow.exports.total_size(user_id, now=now, job_id=job.id)
        return JobExportPage(job.id, job.title, job.company, items, total, size)

    async def get_export(self, user_id: int, export_id: str) -> ExportView:
        """One of the user's unexpired exports, finished or not (410 export_expired once expired)."""
        return ExportView(await self._live(export_id, user_id=user_id), job_title=None, company=None)

    async def link(self, user_id: int, export_id: str, *, base_url: str) -> DownloadLink:
        """A link that downloads the file without credentials: the store's presigned one, else ours."""
        export = await self._downloadable(export_id, user_id=user_id)
        presigned = await self._presigned(export)
        if presigned is None:
            url, expires_at = self._links.url(base_url, export.id, now=self._clock.now())
            return DownloadLink(url, expires_at)
        await self._count(export)
        return DownloadLink(presigned, self._clock.now() + timedelta(seconds=self._policy.link_ttl_s))

    async def download(
        self, export_id: str, *, user_id: int | None, expires: str | None = None, sig: str | None = None
    ) -> Download:
        """The file of the user's export, or of any export when the signed link holds (user_id None)."""
        if user_id is None:
            canonical = parse_id(export_id) or export_id
            self._links.verify(canonical, expires=expires, sig=sig, now=self._clock.now())
        export = await self._downloadable(export_id, user_id=user_id)
        media_type = MEDIA_TYPES[export.format]
        presigned = await self._presigned(export)
        await self._count(export)
        if presigned is not None:
            return Download(export, media_type, redirect_url=presigned)
        return Download(export, media_type, chunks=self._storage.read(export.storage_key))

    async def delete_export(self, user_id: int, export_id: str) -> None:
        """Delete the export's row, then its file."""
        canonical = parse_id(export_id)
        async with self._uow as uow:
            export = None if canonical is None else await uow.exports.get(canonical, user_id=user_id)
            if export is None:
                raise NotFoundError("export")
            await uow.exports.delete([export])
            await uow.commit()
        await remove_files(self._storage, [export])

    async def _live(self, export_id: str, *, user_id: int | None) -> Export:
        canonical = parse_id(export_id)
        async with self._uow.read_only() as uow:
            export = None if canonical is None else await uow.exports.get(canonical, user_id=user_id)
        if export is None:
            raise NotFoundError("export")
        if export.is_expired(self._clock.now()):
            raise ExportExpiredError
        return export

    async def _downloadable(self, export_id: str, *, user_id: int | None) -> Export:
        """The live export, which must have its file: a queued batch not made yet, or failed, has none."""
        export = await self._live(export_id, user_id=user_id)
        if export.status is ExportStatus.FAILED:
            raise ExportFailedError
        if export.status is not ExportStatus.COMPLETED:
            raise ExportNotReadyError
        return export

    async def _presigned(self, export: Export) -> str | None:
        return await self._storage.presigned_url(
            export.storage_key,
            filename=export.filename,
            content_type=MEDIA_TYPES[export.format],
            expires_in_s=self._policy.link_ttl_s,
        )

    async def _count(self, export: Export) -> None:
        async with self._uow as uow:
            stored = await uow.exports.get(export.id, user_id=None)
            if stored is not None:
                stored.downloaded()
                export.download_count = stored.download_count
                await uow.commit()

    async def purge_expired(self) -> int:
        """Retention: delete expired exports, rows first, then their files; how many went."""
        deleted = 0
        while True:
            async with self._uow as uow:
                batch = await uow.exports.expired(now=self._clock.now(), limit=CLEANUP_BATCH)
                await uow.exports.delete(batch)
                await uow.commit()
            await remove_files(self._storage, batch)
            deleted += len(batch)
            if len(batch) < CLEANUP_BATCH:
                return deleted
