"""Job routes: saving postings (fields, text or URL), tracking applications, and the browse feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from app.application.dtos.job_dto import BrowseQuery, JobDraft, JobListPage, JobListQuery
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.presentation.dependencies import CurrentUser, JobServiceDep
from app.presentation.query import QueryModel
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import error_responses
from app.presentation.schemas.job import (
    JOB_FIELDS,
    BrowseParams,
    JobCreate,
    JobDetailOut,
    JobListOut,
    JobListParams,
    JobStatsOut,
    JobUpdate,
    ParsedJobOut,
    ParseRequest,
)

router = APIRouter(prefix="/jobs", tags=["jobs"], route_class=ApiRoute)
list_query = QueryModel(JobListParams)
browse_query = QueryModel(BrowseParams)


def _job_list_response(page: JobListPage) -> Response:
    """A JobListOut written by pydantic at once (FastAPI would validate the model a second time)."""
    return Response(content=JobListOut.json_of(page), media_type="application/json")


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Save a job",
    responses=error_responses(400, 401),
)
async def create_job(body: JobCreate, user: CurrentUser, jobs: JobServiceDep) -> JobDetailOut:
    """Save a job from structured fields, pasted text (parsed) or a URL (fetched and parsed)."""
    draft = JobDraft(**body.model_dump())
    return JobDetailOut.model_validate(await jobs.create_job(user.id, draft))


@router.get(
    "",
    summary="List my jobs",
    response_model=JobListOut,
    responses=error_responses(401),
    openapi_extra=list_query.openapi,
)
async def list_jobs(
    user: CurrentUser, jobs: JobServiceDep, params: Annotated[JobListParams, Depends(list_query)]
) -> Response:
    """The caller's jobs, filtered, searched and sorted, one page at a time."""
    filters = JobFilters(
        status=params.status,
        application_status=params.application_status,
        source=params.stored_source,
        employment_type=params.employment_type,
        remote=params.remote,
        q=params.q or None,
    )
    query = JobListQuery(
        fields=JOB_FIELDS,
        filters=filters,
        sort=JobSort.parse(params.sort),
        limit=params.limit,
        offset=params.offset,
    )
    return _job_list_response(await jobs.list_jobs(user.id, query))


@router.get("/stats", summary="Count my jobs by status", responses=error_responses(401))
async def job_stats(user: CurrentUser, jobs: JobServiceDep) -> JobStatsOut:
    """How many jobs the caller has, by status and by application status (every key present)."""
    return JobStatsOut.model_validate(await jobs.stats(user.id))


@router.post("/parse", summary="Parse a posting without saving it", responses=error_responses(401))
async def parse_job(body: ParseRequest, user: CurrentUser, jobs: JobServiceDep) -> ParsedJobOut:
    """Read title, company, salary, requirements and more from a posting's text; nothing is stored."""
    return ParsedJobOut.model_validate(await jobs.parse_text(body.raw_text))


@router.get("/browse", summary="Browse sample postings", openapi_extra=browse_query.openapi)
async def browse_jobs(
    jobs: JobServiceDep, params: Annotated[BrowseParams, Depends(browse_query)]
) -> JobListOut:
    """Public feed of sample postings, newest first; no sign-in needed."""
    query = BrowseQuery(
        query=params.query or None,
        location=params.location or None,
        remote_only=params.remote,
        employment_type=params.employment_type,
        limit=params.limit,
        offset=params.offset,
    )
    return JobListOut.of(await jobs.browse(query))


@router.get("/{job_id}", summary="One of my jobs", responses=error_responses(401, 404))
async def get_job(job_id: str, user: CurrentUser, jobs: JobServiceDep) -> JobDetailOut:
    """The job with its application-status history, oldest change first."""
    return JobDetailOut.model_validate(await jobs.get_job(user.id, job_id))


@router.put("/{job_id}", summary="Update a job", responses=error_responses(400, 401, 404))
async def update_job(job_id: str, body: JobUpdate, user: CurrentUser, jobs: JobServiceDep) -> JobDetailOut:
    """Change the fields sent; application_status moves must follow the transition table."""
    return JobDetailOut.model_validate(await jobs.update_job(user.id, job_id, body.to_edit()))


@router.delete(
    "/{job_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a job",
    responses=error_responses(401, 404),
)
async def delete_job(job_id: str, user: CurrentUser, jobs: JobServiceDep) -> Response:
    """Delete the job and its history."""
    await jobs.delete_job(user.id, job_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
