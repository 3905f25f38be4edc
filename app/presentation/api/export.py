"""Export routes: PDF, DOCX and ZIP files of generations, templates, previews, stored files, downloads."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import RedirectResponse, StreamingResponse

from app.application.dtos.export_dto import ExportRequest, ExportResult
from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.export import ExportFilter, ExportView
from app.domain.enums.export import ExportFormat, TemplateId
from app.domain.enums.generation import GenerationMode
from app.domain.errors import FormatMismatchError, NotAuthenticatedError, NotFoundError
from app.domain.time import utc_now
from app.presentation.dependencies import (
    BatchExporterDep,
    CurrentUser,
    DownloadLinksDep,
    ExportFilesServiceDep,
    ExportServiceDep,
    OptionalUser,
    SettingsDep,
    TemplatesDep,
)
from app.presentation.query import ModeQuery, PageDep, QueryModel
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import PaginationOut, error_responses
from app.presentation.schemas.export import (
    BatchCreate,
    DownloadLinkOut,
    ExportCreate,
    ExportFilesQuery,
    ExportList,
    ExportOut,
    JobExportFilesQuery,
    JobExportList,
    PreviewCreate,
    TemplateDetailOut,
    TemplateList,
    TemplateOut,
)

router = APIRouter(prefix="/exports", tags=["exports"], route_class=ApiRoute)
_files_query = QueryModel(ExportFilesQuery)
_job_files_query = QueryModel(JobExportFilesQuery)
_CREATE_ERRORS: dict[int | str, dict[str, Any]] = {
    **error_responses(400, 401, 404, 429, 503),
    200: {"model": ExportOut, "description": "An identical export was stored already: it is reused"},
    500: {"description": "The document could not be rendered (render_failed)"},
}


class Links:
    """Builds each answer's absolute, signed download_url."""

    def __init__(self, request: Request, settings: SettingsDep, links: DownloadLinksDep) -> None:
        self._base = (settings.public_base_url or str(request.base_url)).rstrip("/")
        self._links = links

    def out(self, view: ExportView) -> ExportOut:
        export = view.export
        url, _expires_at = self._links.url(self._base, export.id, now=utc_now())
        return ExportOut.model_validate(
            {
                **{key: getattr(export, key) for key in ExportOut.model_fields if hasattr(export, key)},
                "export_id": export.id,
                "download_url": url,
                "metadata": export.details,
            }
        )


LinksDep = Annotated[Links, Depends()]


def _request(body: ExportCreate, export_format: ExportFormat) -> ExportRequest:
    if body.format is not None and body.format.strip().lower() != export_format.value:
        raise FormatMismatchError(
            f"This route makes {export_format.value} files; the body asks for {body.format}"
        )
    return ExportRequest(
        generation_id=body.generation_id,
        format=export_format,
        template=body.template_id,
        options=body.options.to_options(),
        filename=body.filename,
    )


def _created(result: ExportResult, response: Response, links: Links) -> ExportOut:
    if result.reused:
        response.status_code = status.HTTP_200_OK
    return links.out(result.view)


@router.post("/pdf", status_code=201, summary="Export a generation as PDF", responses=_CREATE_ERRORS)
async def export_pdf(
    body: ExportCreate, response: Response, user: CurrentUser, exports: ExportServiceDep, links: LinksDep
) -> ExportOut:
    """Render the generation with a template as a PDF (an identical stored export is reused, 200)."""
    result = await exports.export_document(user.id, _request(body, ExportFormat.PDF))
    return _created(result, response, links)


@router.post("/docx", status_code=201, summary="Export a generation as DOCX", responses=_CREATE_ERRORS)
async def export_docx(
    body: ExportCreate, response: Response, user: CurrentUser, exports: ExportServiceDep, links: LinksDep
) -> ExportOut:
    """Render the generation with a template as a Word document (an identical stored one is reused, 200)."""
    result = await exports.export_document(user.id, _request(body, ExportFormat.DOCX))
    return _created(result, response, links)


@router.post(
    "/batch",
    status_code=201,
    summary="Export several generations as one ZIP",
    responses={
        **_CREATE_ERRORS,
        202: {"model": ExportOut, "description": "Queued (mode=async): pending; poll the Location"},
    },
)
async def export_batch(
    body: BatchCreate,
    response: Response,
    user: CurrentUser,
    batch: BatchExporterDep,
    links: LinksDep,
    mode: ModeQuery = GenerationMode.SYNC,
) -> ExportOut:
    """A ZIP of up to 10 generations' files; ids that cannot be exported are listed in metadata.failed.

    With `mode=async` the ZIP is made by the job queue: answered 202 with the export pending and its
    `Location`; read it there until its status is completed (then download it) or failed (`error_code`).
    """
    options = body.options.to_options()
    if body.exports is not None:
        requests = [
            ExportRequest(item.generation_id, item.format, item.template_id, options, item.filename)
            for item in body.exports
        ]
    else:
        export_format = body.format or ExportFormat.PDF
        requests = [
            ExportRequest(gid, export_format, body.template_id, options) for gid in body.generation_ids or []
        ]
    if mode is GenerationMode.SYNC:
        return links.out(await batch.export_zip(user.id, requests, zip_filename=body.zip_filename))
    view = await batch.queue_zip(user.id, requests, zip_filename=body.zip_filename)
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["Location"] = f"/api/v1/exports/files/{view.export.id}"
    return links.out(view)


@router.get("/templates", summary="List templates", responses=error_responses(401))
async def list_templates(_user: CurrentUser, templates: TemplatesDep, page: PageDep) -> TemplateList:
    """The four templates with their options and an ATS-friendliness score."""
    every = [TemplateOut.model_validate(spec.as_dict()) for spec in templates]
    items = every[page.offset : page.offset + page.limit]
    return TemplateList(
        templates=items,
        total=len(every),
        pagination=PaginationOut.of(
            limit=page.limit, offset=page.offset, total=len(every), returned=len(items)
        ),
    )


@router.get("/templates/{template_id}", summary="Read a template", responses=error_responses(401, 404))
async def get_template(template_id: str, _user: CurrentUser, templates: TemplatesDep) -> TemplateDetailOut:
    """One template with its version and the limits of each option."""
    template = TemplateId.parse(template_id)
    if template is None:
        raise NotFoundError("template")
    return TemplateDetailOut.model_validate(templates.get(template).as_dict())


@router.post(
    "/preview",
    summary="Preview page 1 as PNG",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "Page 1, watermarked"},
        **error_responses(400, 401, 404),
    },
)
async def preview(body: PreviewCreate, user: CurrentUser, exports: ExportServiceDep) -> Response:
    """Page 1 of the PDF as a watermarked PNG, 1200 px wide (not stored, no quota)."""
    request = ExportRequest(body.generation_id, ExportFormat.PDF, body.template_id, body.options.to_options())
    return Response(content=await exports.preview(user.id, request), media_type="image/png")


@router.get(
    "/files", summary="List exports", responses=error_responses(401), openapi_extra=_files_query.openapi
)
async def list_exports(
    user: CurrentUser,
    files: ExportFilesServiceDep,
    links: LinksDep,
    settings: SettingsDep,
    query: Annotated[ExportFilesQuery, Depends(_files_query)],
) -> ExportList:
    """The user's unexpired exports, newest first, with the storage they use."""
    template = None if query.template is None else TemplateId.parse(query.template)
    export_filter = ExportFilter(query.job_id, query.format, query.document_type, template)
    if query.template is not None and template is None:
        export_filter = ExportFilter(job_id="not-a-job")  # an unknown template matches nothing
    page = await files.list_exports(user.id, export_filter, limit=query.limit, offset=query.offset)
    return ExportList(
        exports=[links.out(view) for view in page.items],
        total=page.total,
        pagination=PaginationOut.of(
            limit=query.limit, offset=query.offset, total=page.total, returned=len(page.items)
        ),
        storage_used_bytes=page.storage_used_bytes,
        storage_limit_bytes=settings.rate_limit_storage_bytes,
    )


@router.get(
    "/files/job/{job_id}",
    summary="List a job's exports",
    responses=error_responses(401, 404),
    openapi_extra=_job_files_query.openapi,
)
async def job_exports(
    job_id: str,
    user: CurrentUser,
    files: ExportFilesServiceDep,
    links: LinksDep,
    query: Annotated[JobExportFilesQuery, Depends(_job_files_query)],
) -> JobExportList:
    """One job's unexpired exports, newest first, also grouped by UTC day."""
    export_filter = ExportFilter(format=query.format, document_type=query.document_type)
    page = await files.job_exports(user.id, job_id, export_filter, limit=query.limit, offset=query.offset)
    exports = [links.out(view) for view in page.items]
    by_date: dict[str, list[ExportOut]] = defaultdict(list)
    for out in exports:
        by_date[out.created_at.date().isoformat()].append(out)
    return JobExportList(
        job_id=page.job_id,
        job_title=page.job_title,
        company=page.company,
        exports=exports,
        exports_by_date=dict(by_date),
        total=page.total,
        total_size_bytes=page.total_size_bytes,
        pagination=PaginationOut.of(
            limit=query.limit, offset=query.offset, total=page.total, returned=len(exports)
        ),
    )


@router.get(
    "/files/{export_id}",
    summary="Read an export",
    responses={**error_responses(401, 404), 410: {"description": "The export has expired (export_expired)"}},
)
async def get_export(
    export_id: str, user: CurrentUser, files: ExportFilesServiceDep, links: LinksDep
) -> ExportOut:
    """One of the user's exports, expired ones included (a queued batch is polled here)."""
    return links.out(await files.get_export(user.id, export_id))


@router.get(
    "/files/{export_id}/download",
    summary="Download an export",
    response_class=Response,
    responses={
        200: {
            "model": DownloadLinkOut,
            "description": "The file (or, asked with Accept: application/json, a link)",
        },
        307: {"description": "Redirect to the store's presigned URL"},
        410: {"description": "The export has expired (export_expired)"},
        **error_responses(401, 404, 409),
    },
)
async def download(
    export_id: str,
    request: Request,
    user: OptionalUser,
    files: ExportFilesServiceDep,
    settings: SettingsDep,
    expires: Annotated[str | None, Query(max_length=20, description="Signed link: its expiry")] = None,
    sig: Annotated[str | None, Query(max_length=128, description="Signed link: its signature")] = None,
) -> Response:
    """With a bearer token and `Accept: application/json`: a signed link; otherwise the file itself
    (streamed, or a redirect to the store). A signed link needs no token."""
    signed = expires is not None or sig is not None
    if not signed and "application/json" in request.headers.get("accept", ""):
        base = (settings.public_base_url or str(request.base_url)).rstrip("/")
        link = await files.link(_signed_in(user), export_id, base_url=base)
        return Response(
            DownloadLinkOut(download_url=link.url, expires_at=link.expires_at).model_dump_json(),
            media_type="application/json",
        )
    plan = await files.download(
        export_id, user_id=None if signed else _signed_in(user), expires=expires, sig=sig
    )
    if plan.chunks is None:
        return RedirectResponse(plan.redirect_url or "", status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    headers = {"Content-Disposition": f'attachment; filename="{plan.export.filename}"'}
    return StreamingResponse(plan.chunks, media_type=plan.media_type, headers=headers)


def _signed_in(user: AuthenticatedUser | None) -> int:
    """The bearer's user id: a download without a signed link needs a token."""
    if user is None:
        raise NotAuthenticatedError
    return user.id


@router.delete(
    "/files/{export_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete an export",
    responses=error_responses(401, 404),
)
async def delete_export(export_id: str, user: CurrentUser, files: ExportFilesServiceDep) -> None:
    """Delete the export and its file."""
    await files.delete_export(user.id, export_id)
