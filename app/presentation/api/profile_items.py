"""Item collection routes: experiences, education, projects and certifications in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, status

from app.domain.entities.profile_item import Certification, ProfileItem
from app.domain.enums.profile import ProfileSection
from app.presentation.dependencies import CurrentUser, MaxItems, ProfileItemServiceDep
from app.presentation.query import PageDep
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import PaginationOut, error_responses
from app.presentation.schemas.profile_items import (
    CertificationBatch,
    CertificationIds,
    CertificationOut,
    CertificationUpsertBatch,
    EducationBatch,
    EducationIds,
    EducationList,
    EducationOut,
    EducationUpsertBatch,
    ExperienceBatch,
    ExperienceIds,
    ExperienceList,
    ExperienceOut,
    ExperienceUpsertBatch,
    ProjectBatch,
    ProjectIds,
    ProjectOut,
    ProjectUpsertBatch,
)

router = APIRouter(prefix="/profiles", tags=["profiles"], route_class=ApiRoute)
ERRORS = error_responses(401, 404)


def _page(limit: int, offset: int, total: int, found: Sequence[Any]) -> PaginationOut:
    return PaginationOut.of(limit=limit, offset=offset, total=total, returned=len(found))


@router.get("/{profile_id}/experiences", summary="List experiences", responses=ERRORS)
async def list_experiences(
    profile_id: str, user: CurrentUser, page: PageDep, items: ProfileItemServiceDep
) -> ExperienceList:
    """One page of the profile's experiences in display order."""
    found, total = await items.list_items(
        user.id, profile_id, ProfileSection.EXPERIENCES, limit=page.limit, offset=page.offset
    )
    return ExperienceList.model_validate(
        {"experiences": found, "total": total, "pagination": _page(page.limit, page.offset, total, found)}
    )


@router.post(
    "/{profile_id}/experiences",
    status_code=status.HTTP_201_CREATED,
    response_model=list[ExperienceOut],
    summary="Add experiences",
    responses=ERRORS,
)
async def add_experiences(
    profile_id: str,
    body: ExperienceBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[ProfileItem]:
    """Add experiences: a bare array, a wrapped object or one object; ids are ignored."""
    section = ProfileSection.EXPERIENCES
    return await items.add_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.put(
    "/{profile_id}/experiences",
    response_model=list[ExperienceOut],
    summary="Update experiences",
    responses=ERRORS,
)
async def update_experiences(
    profile_id: str,
    body: ExperienceUpsertBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[ProfileItem]:
    """Update experiences by id (present fields overwrite) and add those without an id."""
    section = ProfileSection.EXPERIENCES
    return await items.update_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.delete(
    "/{profile_id}/experiences",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete experiences",
    responses=ERRORS,
)
async def delete_experiences(
    profile_id: str, body: ExperienceIds, user: CurrentUser, items: ProfileItemServiceDep, max_items: MaxItems
) -> None:
    """Delete experiences by id; ids not in this profile are ignored."""
    section = ProfileSection.EXPERIENCES
    await items.delete_items(user.id, profile_id, section, body.ids, max_items=max_items)


@router.get("/{profile_id}/education", summary="List education", responses=ERRORS)
async def list_education(
    profile_id: str, user: CurrentUser, page: PageDep, items: ProfileItemServiceDep
) -> EducationList:
    """One page of the profile's education in display order."""
    found, total = await items.list_items(
        user.id, profile_id, ProfileSection.EDUCATION, limit=page.limit, offset=page.offset
    )
    return EducationList.model_validate(
        {"education": found, "total": total, "pagination": _page(page.limit, page.offset, total, found)}
    )


@router.post(
    "/{profile_id}/education",
    status_code=status.HTTP_201_CREATED,
    response_model=list[EducationOut],
    summary="Add education",
    responses=ERRORS,
)
async def add_education(
    profile_id: str,
    body: EducationBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[ProfileItem]:
    """Add education: a bare array, a wrapped object or one object; ids are ignored."""
    section = ProfileSection.EDUCATION
    return await items.add_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.put(
    "/{profile_id}/education",
    response_model=list[EducationOut],
    summary="Update education",
    responses=ERRORS,
)
async def update_education(
    profile_id: str,
    body: EducationUpsertBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[ProfileItem]:
    """Update education by id (present fields overwrite) and add those without an id."""
    section = ProfileSection.EDUCATION
    return await items.update_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.delete(
    "/{profile_id}/education",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete education",
    responses=ERRORS,
)
async def delete_education(
    profile_id: str, body: EducationIds, user: CurrentUser, items: ProfileItemServiceDep, max_items: MaxItems
) -> None:
    """Delete education by id; ids not in this profile are ignored."""
    section = ProfileSection.EDUCATION
    await items.delete_items(user.id, profile_id, section, body.ids, max_items=max_items)


@router.post(
    "/{profile_id}/projects",
    status_code=status.HTTP_201_CREATED,
    response_model=list[ProjectOut],
    summary="Add projects",
    responses=ERRORS,
)
async def add_projects(
    profile_id: str, body: ProjectBatch, user: CurrentUser, items: ProfileItemServiceDep, max_items: MaxItems
) -> list[ProfileItem]:
    """Add projects: a bare array, a wrapped object or one object; ids are ignored."""
    section = ProfileSection.PROJECTS
    return await items.add_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.put(
    "/{profile_id}/projects",
    response_model=list[ProjectOut],
    summary="Update projects",
    responses=ERRORS,
)
async def update_projects(
    profile_id: str,
    body: ProjectUpsertBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[ProfileItem]:
    """Update projects by id (present fields overwrite) and add those without an id."""
    section = ProfileSection.PROJECTS
    return await items.update_items(user.id, profile_id, section, body.drafts(), max_items=max_items)


@router.delete(
    "/{profile_id}/projects",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete projects",
    responses=ERRORS,
)
async def delete_projects(
    profile_id: str, body: ProjectIds, user: CurrentUser, items: ProfileItemServiceDep, max_items: MaxItems
) -> None:
    """Delete projects by id; ids not in this profile are ignored."""
    section = ProfileSection.PROJECTS
    await items.delete_items(user.id, profile_id, section, body.ids, max_items=max_items)


# Certifications live in the skills JSON, so the service has methods of their own for them.


@router.post(
    "/{profile_id}/certifications",
    status_code=status.HTTP_201_CREATED,
    response_model=list[CertificationOut],
    summary="Add certifications",
    responses=ERRORS,
)
async def add_certifications(
    profile_id: str,
    body: CertificationBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[Certification]:
    """Add certifications: a bare array, a wrapped object or one object; ids are ignored."""
    return await items.add_certifications(user.id, profile_id, body.drafts(), max_items=max_items)


@router.put(
    "/{profile_id}/certifications",
    response_model=list[CertificationOut],
    summary="Update certifications",
    responses=ERRORS,
)
async def update_certifications(
    profile_id: str,
    body: CertificationUpsertBatch,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> list[Certification]:
    """Update certifications by id (present fields overwrite) and add those without an id."""
    return await items.update_certifications(user.id, profile_id, body.drafts(), max_items=max_items)


@router.delete(
    "/{profile_id}/certifications",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete certifications",
    responses=ERRORS,
)
async def delete_certifications(
    profile_id: str,
    body: CertificationIds,
    user: CurrentUser,
    items: ProfileItemServiceDep,
    max_items: MaxItems,
) -> None:
    """Delete certifications by id; ids not in this profile are ignored."""
    await items.delete_certifications(user.id, profile_id, body.ids, max_items=max_items)
