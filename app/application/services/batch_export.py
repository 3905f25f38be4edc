"""Batch export: several generations rendered into one ZIP, written to disk member by member.

Only one rendered document is in memory at a time: each is written into the ZIP file as soon as it is
made, and the finished file is handed to storage from disk. Generations that cannot be exported (not
found, not completed) are listed in the ZIP's `metadata.failed`; with none usable the request fails.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread

from app.application.dtos.export_dto import ExportRequest
from app.application.services.export_service import ExportService, completed, name_parts
from app.domain.entities.export import Export, ExportView
from app.domain.entities.generation import GenerationView
from app.domain.enums.export import ExportFormat, TemplateId
from app.domain.errors import DomainError, GenerationNotCompletedError, NotFoundError
from app.domain.exports.files import MEDIA_TYPES, download_name, storage_key, zip_name
from app.domain.exports.options import for_template
from app.domain.ids import new_id, parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class _Member:
    request: ExportRequest
    view: GenerationView


class BatchExporter:
    def __init__(
        self, *, uow: UnitOfWork, clock: Clock, exports: ExportService, storage: FileStorage
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._exports = exports
        self._storage = storage

    async def export_zip(
        self, user_id: int, requests: list[ExportRequest], *, zip_filename: str | None
    ) -> ExportView:
        """One ZIP of the usable generations' files; each member counts against the hourly quota."""
        members, failed = await self._members(user_id, requests)
        await self._exports.check_quotas(user_id, uses=len(members))
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="jobwise-zip-") as folder:
            path = Path(folder) / "export.zip"
            names = await self._write_zip(path, members)
            export = self._zip_row(user_id, members, failed, names=names, size=path.stat().st_size)
            export.details["processing_time_seconds"] = round(time.perf_counter() - started, 3)
            export.filename = zip_name(zip_filename, now=self._clock.now())
            await self._storage.put_file(export.storage_key, path, content_type=MEDIA_TYPES[ExportFormat.ZIP])
        await self._exports.record(export, uses=[new_id() for _ in members])
        only = members[0].view
        same_job = export.job_id is not None
        return ExportView(export, only.job_title if same_job else None, only.company if same_job else None)

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
        self,
        user_id: int,
        members: list[_Member],
        failed: list[dict[str, str]],
        *,
        names: list[str],
        size: int,
    ) -> Export:
        jobs = {member.view.generation.job_id for member in members}
        types = {member.view.generation.document_type for member in members}
        templates = {member.request.template for member in members}
        export = Export(
            user_id=user_id,
            format=ExportFormat.ZIP,
            template=templates.pop() if len(templates) == 1 else TemplateId.MODERN,
            filename="",
            storage_key="",
            file_size_bytes=size,
            options_hash=new_id().replace("-", "").ljust(64, "0"),  # never reused: ZIPs are not deduplicated
            expires_at=self._clock.now(),
            job_id=jobs.pop() if len(jobs) == 1 else None,
            document_type=types.pop() if len(types) == 1 else None,
            options=for_template(members[0].request.options, members[0].request.template).as_dict(),
            details={
                "file_count": len(names),
                "files": names,
                "generation_ids": [member.view.generation.id for member in members],
                "failed": failed,
            },
        )
        export.storage_key = storage_key(user_id, export.id, ExportFormat.ZIP)
        return export


def _unique(name: str, seen: Counter[str]) -> str:
    """`name`, or `name_2`, `name_3`... when the ZIP already holds it."""
    seen[name] += 1
    if seen[name] == 1:
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem}_{seen[name]}{dot}{extension}"
