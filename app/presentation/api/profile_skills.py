"""Skills and custom fields routes of a profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.domain.enums.profile import SkillKind
from app.presentation.dependencies import CurrentUser, MaxItems, ProfileSkillServiceDep
from app.presentation.routing import ApiRoute
from app.presentation.schemas.common import error_responses
from app.presentation.schemas.profile import (
    CustomFieldsIn,
    SkillNames,
    SkillsIn,
    SkillsOut,
    SoftSkillsOut,
    TechnicalSkillsOut,
)

router = APIRouter(prefix="/profiles", tags=["profiles"], route_class=ApiRoute)
ERRORS = error_responses(401, 404)


@router.get("/{profile_id}/skills", summary="Skills", responses=ERRORS)
async def get_skills(profile_id: str, user: CurrentUser, skills: ProfileSkillServiceDep) -> SkillsOut:
    """Technical and soft skills, languages and certifications."""
    return SkillsOut.model_validate(await skills.get_skills(user.id, profile_id))


@router.put("/{profile_id}/skills", summary="Replace skills", responses=ERRORS)
async def replace_skills(
    profile_id: str, body: SkillsIn, user: CurrentUser, skills: ProfileSkillServiceDep, max_items: MaxItems
) -> SkillsOut:
    """Each key sent replaces its list; certifications follow list semantics (ids kept)."""
    replaced = await skills.replace_skills(user.id, profile_id, body.changes(), max_items=max_items)
    return SkillsOut.model_validate(replaced)


@router.post("/{profile_id}/skills/technical", summary="Add technical skills", responses=ERRORS)
async def add_technical_skills(
    profile_id: str,
    body: SkillNames,
    user: CurrentUser,
    skills: ProfileSkillServiceDep,
    max_items: MaxItems,
) -> TechnicalSkillsOut:
    """Add technical skills; one already listed in any case is skipped."""
    names = await skills.add_skills(
        user.id, profile_id, SkillKind.TECHNICAL, body.skills, max_items=max_items
    )
    return TechnicalSkillsOut(message="Technical skills added", technical_skills=names)


@router.delete("/{profile_id}/skills/technical", summary="Remove technical skills", responses=ERRORS)
async def remove_technical_skills(
    profile_id: str, body: SkillNames, user: CurrentUser, skills: ProfileSkillServiceDep
) -> TechnicalSkillsOut:
    """Remove technical skills, compared case-insensitively; an absent one is no error."""
    names = await skills.remove_skills(user.id, profile_id, SkillKind.TECHNICAL, body.skills)
    return TechnicalSkillsOut(message="Technical skills removed", technical_skills=names)


@router.post("/{profile_id}/skills/soft", summary="Add soft skills", responses=ERRORS)
async def add_soft_skills(
    profile_id: str,
    body: SkillNames,
    user: CurrentUser,
    skills: ProfileSkillServiceDep,
    max_items: MaxItems,
) -> SoftSkillsOut:
    """Add soft skills; one already listed in any case is skipped."""
    names = await skills.add_skills(user.id, profile_id, SkillKind.SOFT, body.skills, max_items=max_items)
    return SoftSkillsOut(message="Soft skills added", soft_skills=names)


@router.delete("/{profile_id}/skills/soft", summary="Remove soft skills", responses=ERRORS)
async def remove_soft_skills(
    profile_id: str, body: SkillNames, user: CurrentUser, skills: ProfileSkillServiceDep
) -> SoftSkillsOut:
    """Remove soft skills, compared case-insensitively; an absent one is no error."""
    names = await skills.remove_skills(user.id, profile_id, SkillKind.SOFT, body.skills)
    return SoftSkillsOut(message="Soft skills removed", soft_skills=names)


@router.get("/{profile_id}/custom-fields", summary="Custom fields", responses=ERRORS)
async def get_custom_fields(
    profile_id: str, user: CurrentUser, skills: ProfileSkillServiceDep
) -> dict[str, Any]:
    """The custom fields as a bare map."""
    return await skills.get_custom_fields(user.id, profile_id)


@router.put("/{profile_id}/custom-fields", summary="Replace custom fields", responses=ERRORS)
async def replace_custom_fields(
    profile_id: str, body: CustomFieldsIn, user: CurrentUser, skills: ProfileSkillServiceDep
) -> dict[str, Any]:
    """Replace the whole map (keys 1-50 characters, at most 100 keys, any JSON values)."""
    return await skills.set_custom_fields(user.id, profile_id, body.root, merge=False)


@router.post("/{profile_id}/custom-fields", summary="Merge custom fields", responses=ERRORS)
async def merge_custom_fields(
    profile_id: str, body: CustomFieldsIn, user: CurrentUser, skills: ProfileSkillServiceDep
) -> dict[str, Any]:
    """Merge keys into the map (a key sent overwrites); answers the merged map."""
    return await skills.set_custom_fields(user.id, profile_id, body.root, merge=True)
