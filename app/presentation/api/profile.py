"""Profile routes: CRUD, the primary profile, analytics and JSON Resume."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status

from app.presentation.dependencies import CurrentUser, JsonResumeSizeLimit, MaxItems, ProfileServiceDep
from app.presentation.query import PageDep
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import PaginationOut, error_responses
from app.presentation.schemas.json_resume import from_json_resume, to_json_resume
from app.presentation.schemas.profile import (
    AnalyticsOut,
    ImportOut,
    ProfileCreate,
    ProfileList,
    ProfileOut,
    ProfileUpdate,
)

router = APIRouter(prefix="/profiles", tags=["profiles"], route_class=ApiRoute)


@router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Create a profile", responses=error_responses(401)
)
async def create_profile(
    body: ProfileCreate, user: CurrentUser, profiles: ProfileServiceDep, max_items: MaxItems
) -> ProfileOut:
    """Create a profile with its nested items; the first one is the primary profile."""
    profile = await profiles.create_profile(user.id, body.changes(), max_items=max_items)
    return ProfileOut.model_validate(profile)


@router.get("", summary="List profiles", responses=error_responses(401))
async def list_profiles(user: CurrentUser, page: PageDep, profiles: ProfileServiceDep) -> ProfileList:
    """The user's profiles, the primary one first, then the oldest."""
    found, total = await profiles.list_profiles(user.id, limit=page.limit, offset=page.offset)
    return ProfileList(
        profiles=[ProfileOut.model_validate(profile) for profile in found],
        total=total,
        pagination=PaginationOut.of(limit=page.limit, offset=page.offset, total=total, returned=len(found)),
    )


@router.get("/me", summary="The primary profile", responses=error_responses(401, 404))
async def get_primary_profile(user: CurrentUser, profiles: ProfileServiceDep) -> ProfileOut:
    """The user's primary profile; 404 `profile_not_found` while there is none."""
    return ProfileOut.model_validate(await profiles.get_primary_profile(user.id))


@router.post(
    "/import/json-resume",
    status_code=status.HTTP_201_CREATED,
    summary="Import a JSON Resume",
    dependencies=[JsonResumeSizeLimit],
    responses=error_responses(401, 413),
)
async def import_json_resume(
    document: Annotated[dict[str, Any], Body(description="A JSON Resume v1.0.0 document")],
    user: CurrentUser,
    profiles: ProfileServiceDep,
    max_items: MaxItems,
) -> ImportOut:
    """Create a profile from a JSON Resume document; items we cannot take are listed in `skipped`."""
    profile_in, skipped = from_json_resume(document, max_items=max_items)
    profile = await profiles.create_profile(user.id, profile_in.changes(), max_items=max_items)
    return ImportOut.model_validate({"profile": ProfileOut.model_validate(profile), "skipped": skipped})


@router.get("/{profile_id}", summary="A profile", responses=error_responses(401, 404))
async def get_profile(profile_id: str, user: CurrentUser, profiles: ProfileServiceDep) -> ProfileOut:
    """One of the user's profiles with all its items."""
    return ProfileOut.model_validate(await profiles.get_profile(user.id, profile_id))


@router.put("/{profile_id}", summary="Update a profile", responses=error_responses(401, 404))
async def update_profile(
    profile_id: str, body: ProfileUpdate, user: CurrentUser, profiles: ProfileServiceDep, max_items: MaxItems
) -> ProfileOut:
    """Change the fields sent; a list sent replaces the stored one; `is_primary: true` moves primary here."""
    profile = await profiles.update_profile(
        user.id, profile_id, body.changes(), max_items=max_items, make_primary=body.is_primary is True
    )
    return ProfileOut.model_validate(profile)


@router.delete(
    "/{profile_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a profile",
    responses=error_responses(400, 401, 404),
)
async def delete_profile(profile_id: str, user: CurrentUser, profiles: ProfileServiceDep) -> None:
    """Delete a profile and its items; the primary one only when it is the user's last profile."""
    await profiles.delete_profile(user.id, profile_id)


@router.get("/{profile_id}/analytics", summary="Profile analytics", responses=error_responses(401, 404))
async def get_analytics(profile_id: str, user: CurrentUser, profiles: ProfileServiceDep) -> AnalyticsOut:
    """Completeness per section, recommendations, strengths, warnings and statistics."""
    return AnalyticsOut.model_validate(await profiles.get_analytics(user.id, profile_id))


@router.get("/{profile_id}/json-resume", summary="Export as JSON Resume", responses=error_responses(401, 404))
async def export_json_resume(
    profile_id: str,
    user: CurrentUser,
    profiles: ProfileServiceDep,
    enhanced: Annotated[bool, Query(description="Prefer the enhanced texts where there are some")] = False,
) -> dict[str, Any]:
    """The profile as a JSON Resume v1.0.0 document (empty fields left out)."""
    return to_json_resume(await profiles.load_profile(user.id, profile_id), enhanced=enhanced)
