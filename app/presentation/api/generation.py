"""Generation routes: rankings, tailored resumes and cover letters, their history, profile enhancement."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Response, status
from pydantic import TypeAdapter

from app.application.dtos.generation_dto import CoverLetterOptions, EnhanceResult, ResumeOptions, Target
from app.domain.entities.generation import GenerationFilter, GenerationView
from app.domain.enums.generation import GenerationMode
from app.presentation.dependencies import (
    CurrentUser,
    EnhancementServiceDep,
    GenerationServiceDep,
    RankingServiceDep,
)
from app.presentation.query import ModeQuery, QueryModel
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import PaginationOut, error_responses
from app.presentation.schemas.generation import (
    CoverLetterCreate,
    EnhanceCreate,
    EnhanceOut,
    GenerationList,
    GenerationOut,
    HistoryQuery,
    RankingCreate,
    RankingOut,
    ResumeCreate,
)

router = APIRouter(tags=["generation"], route_class=ApiRoute)

_history_query = QueryModel(HistoryQuery)
_GENERATION_ITEMS = TypeAdapter(list[GenerationOut])
_ASYNC_ANSWER: dict[int | str, dict[str, Any]] = {
    202: {"model": GenerationOut, "description": "Queued (mode=async); poll the Location"}
}
_LLM_ERRORS: dict[int | str, dict[str, Any]] = {
    **error_responses(401, 404, 503),
    504: {"description": "The text generation service did not answer in time (llm_timeout)"},
}


def _generation(view: GenerationView) -> GenerationOut:
    generation = view.generation
    return GenerationOut.model_validate(
        {
            **{
                key: getattr(generation, key)
                for key in GenerationOut.model_fields
                if hasattr(generation, key)
            },
            "generation_id": generation.id,
            "job_title": view.job_title,
            "company": view.company,
        }
    )


def _json(model: GenerationOut | GenerationList, *, status_code: int = 200, **headers: str) -> Response:
    """The answer written by pydantic at once (FastAPI would validate a returned model a second time,
    and these carry whole documents)."""
    return Response(
        content=model.model_dump_json(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


def _created(view: GenerationView, mode: GenerationMode) -> Response:
    if mode is GenerationMode.ASYNC:
        location = f"/api/v1/generations/{view.generation.id}"
        return _json(_generation(view), status_code=status.HTTP_202_ACCEPTED, Location=location)
    return _json(_generation(view), status_code=status.HTTP_201_CREATED)


@router.post(
    "/rankings/create", summary="Rank the profile's items for a job", responses=error_responses(401, 404)
)
async def create_ranking(body: RankingCreate, user: CurrentUser, rankings: RankingServiceDep) -> RankingOut:
    """Order the user's experiences and projects by relevance to the job (the stored ranking while fresh)."""
    ranking = await rankings.create_ranking(
        user.id, Target(body.job_id, body.profile_id), custom_prompt=body.custom_prompt
    )
    return RankingOut.model_validate(ranking)


@router.get("/rankings/job/{job_id}", summary="Read a job's ranking", responses=error_responses(401, 404))
async def get_ranking(job_id: str, user: CurrentUser, rankings: RankingServiceDep) -> RankingOut:
    """The job's ranking, recomputed first when the job or the profile changed."""
    return RankingOut.model_validate(await rankings.get_ranking(user.id, job_id))


@router.post(
    "/generations/resume",
    status_code=status.HTTP_201_CREATED,
    summary="Generate a tailored resume",
    response_model=GenerationOut,
    responses={**error_responses(401, 404), **_ASYNC_ANSWER},
)
async def generate_resume(
    body: ResumeCreate,
    user: CurrentUser,
    generations: GenerationServiceDep,
    mode: ModeQuery = GenerationMode.SYNC,
) -> Response:
    """A resume compiled from the ranking: the best items for the job, its matching skills first."""
    options = ResumeOptions(
        max_experiences=body.max_experiences,
        max_projects=body.max_projects,
        include_summary=body.include_summary,
        custom_prompt=body.custom_prompt,
    )
    view = await generations.generate_resume(
        user.id, Target(body.job_id, body.profile_id), options, mode=mode
    )
    return _created(view, mode)


@router.post(
    "/generations/cover-letter",
    status_code=status.HTTP_201_CREATED,
    summary="Generate a cover letter",
    response_model=GenerationOut,
    responses={**_LLM_ERRORS, **error_responses(429), **_ASYNC_ANSWER},
)
async def generate_cover_letter(
    body: CoverLetterCreate,
    user: CurrentUser,
    generations: GenerationServiceDep,
    mode: ModeQuery = GenerationMode.SYNC,
) -> Response:
    """A cover letter for the job in the style of the user's active sample (25 a day)."""
    options = CoverLetterOptions(
        company_name=body.company_name,
        hiring_manager_name=body.hiring_manager_name,
        max_paragraphs=body.max_paragraphs,
        custom_prompt=body.custom_prompt,
    )
    target = Target(body.job_id, body.profile_id)
    view = await generations.generate_cover_letter(user.id, target, options, mode=mode)
    return _created(view, mode)


@router.get(
    "/generations/history",
    summary="List generations",
    response_model=GenerationList,
    responses=error_responses(401),
    openapi_extra=_history_query.openapi,
)
async def generation_history(
    user: CurrentUser,
    generations: GenerationServiceDep,
    query: Annotated[HistoryQuery, Depends(_history_query)],
) -> Response:
    """The user's generations, newest first, with their text."""
    generation_filter = GenerationFilter(
        document_type=query.document_type, job_id=query.job_id, status=query.status
    )
    page = await generations.history(user.id, generation_filter, limit=query.limit, offset=query.offset)
    pagination = PaginationOut.of(
        limit=query.limit, offset=query.offset, total=page.total, returned=page.items.count
    )
    # The items the database serialized, validated and written by the detail's schema. Parsed by orjson
    # first: pydantic's own JSON parsing builds the documents' free-form objects 5x slower.
    items = _GENERATION_ITEMS.validate_python(orjson.loads(page.items.json))
    return _json(GenerationList.model_construct(generations=items, total=page.total, pagination=pagination))


@router.get(
    "/generations/{generation_id}",
    summary="Read a generation",
    response_model=GenerationOut,
    responses=error_responses(401, 404),
)
async def get_generation(
    generation_id: str, user: CurrentUser, generations: GenerationServiceDep
) -> Response:
    """One generation; poll it until its status is completed or failed."""
    return _json(_generation(await generations.get_generation(user.id, generation_id)))


@router.delete(
    "/generations/{generation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a generation",
    responses=error_responses(401, 404),
)
async def delete_generation(generation_id: str, user: CurrentUser, generations: GenerationServiceDep) -> None:
    """Delete a generation with its exports."""
    await generations.delete_generation(user.id, generation_id)


@router.post(
    "/profile/enhance",
    summary="Enhance a profile's texts",
    responses={**_LLM_ERRORS, **error_responses(400)},
)
async def enhance_profile(
    body: EnhanceCreate, user: CurrentUser, enhancement: EnhancementServiceDep
) -> EnhanceOut:
    """Rewrite the summary and every description in the style of the user's active sample (originals kept)."""
    result: EnhanceResult = await enhancement.enhance_profile(
        user.id, body.profile_id, custom_prompt=body.custom_prompt
    )
    return EnhanceOut.model_validate(
        {
            "profile_id": result.profile_id,
            "enhanced_sections": {
                "professional_summary": result.professional_summary,
                "experiences_enhanced": result.experiences_enhanced,
                "projects_enhanced": result.projects_enhanced,
            },
            "llm_metadata": result.llm_metadata,
            "writing_style_used": result.writing_style_used,
            "created_at": result.created_at,
        }
    )
