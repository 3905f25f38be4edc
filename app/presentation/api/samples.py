"""Writing-sample routes: upload (streamed multipart), list, read, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.application.dtos.sample_dto import SampleWithStyle
from app.domain.entities.sample_document import SampleFilter
from app.domain.enums.document_type import DocumentType
from app.presentation.dependencies import CurrentUser, SampleServiceDep, SettingsDep
from app.presentation.multipart import read_multipart
from app.presentation.query import PageDep
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import PaginationOut, error_responses
from app.presentation.schemas.samples import SampleDetail, SampleList, SampleOut, SampleUploadForm

router = APIRouter(prefix="/samples", tags=["samples"], route_class=ApiRoute)

_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["document_type", "file"],
                    "properties": {
                        "document_type": {"type": "string", "enum": [kind.value for kind in DocumentType]},
                        "file": {"type": "string", "format": "binary", "description": ".txt or .md, UTF-8"},
                    },
                }
            }
        },
    }
}
_UPLOAD_ERRORS = {
    **error_responses(400, 401, 413, 415, 429),
    422: {"description": "A part is missing or document_type is not resume or cover_letter"},
}


async def read_upload_form(request: Request, settings: SettingsDep) -> SampleUploadForm:
    """The upload's parts, read while streaming so an oversized file is refused early."""
    form = await read_multipart(request, file_limit=settings.sample_max_file_bytes)
    try:
        return SampleUploadForm.model_validate({**form.fields, **form.files})
    except ValidationError as exc:
        raise _request_error(exc) from exc


def _request_error(exc: ValidationError) -> RequestValidationError:
    """FastAPI's 422 shape; only text inputs are echoed back (never a file's bytes)."""
    return RequestValidationError(
        [
            {
                **error,
                "loc": ("body", *error["loc"]),
                "input": error["input"] if isinstance(error["input"], str) else None,
            }
            for error in exc.errors(include_url=False)
        ]
    )


UploadForm = Annotated[SampleUploadForm, Depends(read_upload_form)]


def _detail(result: SampleWithStyle) -> SampleDetail:
    summary = SampleOut.model_validate(result.sample).model_dump()
    style = None if result.style is None else result.style.extracted_style
    return SampleDetail.model_validate(
        {**summary, "full_text": result.sample.full_text, "writing_style": style}
    )


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    summary="Upload a writing sample",
    responses=_UPLOAD_ERRORS,
    openapi_extra=_UPLOAD_BODY,
)
async def upload_sample(user: CurrentUser, form: UploadForm, samples: SampleServiceDep) -> SampleDetail:
    """Store a .txt or .md resume or cover letter as the active sample of its type, with its writing style."""
    result = await samples.upload(
        user.id, document_type=form.document_type, filename=form.file.filename, content=form.file.content
    )
    return _detail(result)


@router.get("", summary="List writing samples", responses=error_responses(401))
async def list_samples(
    user: CurrentUser,
    samples: SampleServiceDep,
    page: PageDep,
    document_type: Annotated[DocumentType | None, Query(description="Only this type")] = None,
    is_active: Annotated[bool | None, Query(description="Only active (true) or inactive (false)")] = None,
) -> SampleList:
    """The user's samples, newest first, without their text."""
    sample_filter = SampleFilter(document_type=document_type, is_active=is_active)
    result = await samples.list_samples(user.id, sample_filter, limit=page.limit, offset=page.offset)
    return SampleList(
        samples=[SampleOut.model_validate(item) for item in result.items],
        total=result.total,
        pagination=PaginationOut.of(
            limit=page.limit, offset=page.offset, total=result.total, returned=len(result.items)
        ),
    )


@router.get("/{sample_id}", summary="Read a writing sample", responses=error_responses(401, 404))
async def get_sample(sample_id: str, user: CurrentUser, samples: SampleServiceDep) -> SampleDetail:
    """One sample with its full text and writing style."""
    return _detail(await samples.get_sample(user.id, sample_id))


@router.delete(
    "/{sample_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a writing sample",
    responses=error_responses(401, 404),
)
async def delete_sample(sample_id: str, user: CurrentUser, samples: SampleServiceDep) -> None:
    """Delete a sample and its style; if it was active, the newest remaining one of its type takes over."""
    await samples.delete_sample(user.id, sample_id)
