"""Item collection routes: experiences, education, projects and certifications in bulk."""

# No `from __future__ import annotations`: the routes below are built in a function, and FastAPI
# must see their body types as objects, not as names it cannot resolve at module level.

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import APIRouter, status

from app.application.services.profile_item_service import ProfileItemService
from app.presentation.dependencies import CurrentUser, MaxItems, ProfileItemServiceDep
from app.domain.enums.profile import ProfileSection
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
    ItemBatch,
    ProjectBatch,
    ProjectIds,
    ProjectOut,
    ProjectUpsertBatch,
)

router = APIRouter(prefix="/profiles", tags=["profiles"], route_class=ApiRoute)

# What each bulk route calls: (service, user id, profile id, drafts or ids, item cap) -> result.
Operation = Callable[[ProfileItemService, int, str, Sequence[Any], int], Awaitable[Any]]


def _bulk_routes(
    *,
    path: str,
    label: str,
    batch: type[ItemBatch[Any]],
    upsert: type[ItemBatch[Any]],
    ids: type[Any],
    out: type[Any],
    add: Operation,
    update: Operation,
    delete: Operation,
) -> None:
    """POST (add), PUT (update by id) and DELETE (by ids) on `/profiles/{profile_id}/<path>`."""
    route = f"/{{profile_id}}/{path}"

    async def add_items(
        profile_id: str,
        body: batch,  # type: ignore[valid-type]
        user: CurrentUser,
        items: ProfileItemServiceDep,
        max_items: MaxItems,
    ) -> Any:
        return await add(items, user.id, profile_id, body.drafts(), max_items)  # type: ignore[attr-defined]

    async def update_items(
        profile_id: str,
        body: upsert,  # type: ignore[valid-type]
        user: CurrentUser,
        items: ProfileItemServiceDep,
        max_items: MaxItems,
    ) -> Any:
        return await update(items, user.id, profile_id, body.drafts(), max_items)  # type: ignore[attr-defined]

    async def delete_items(
        profile_id: str,
        body: ids,  # type: ignore[valid-type]
        user: CurrentUser,
        items: ProfileItemServiceDep,
        max_items: MaxItems,
    ) -> None:
        await delete(items, user.id, profile_id, body.ids, max_items)  # type: ignore[attr-defined]

    add_items.__doc__ = f"Add {label}: a bare array, a wrapped object or one object; ids are ignored."
    update_items.__doc__ = f"Update {label} by id (present fields overwrite) and add those without an id."
    delete_items.__doc__ = f"Delete {label} by id; ids not in this profile are ignored."
    errors = error_responses(401, 404)
    many: Any = list[out]  # type: ignore[valid-type]
    router.add_api_route(
        route, add_items, methods=["POST"], status_code=status.HTTP_201_CREATED,
        response_model=many, summary=f"Add {label}", responses=errors, name=f"add_{path}",
    )  # fmt: skip
    router.add_api_route(
        route, update_items, methods=["PUT"], response_model=many,
        summary=f"Update {label}", responses=errors, name=f"update_{path}",
    )  # fmt: skip
    router.add_api_route(
        route, delete_items, methods=["DELETE"], status_code=status.HTTP_204_NO_CONTENT,
        summary=f"Delete {label}", responses=errors, name=f"delete_{path}",
    )  # fmt: skip


@router.get("/{profile_id}/experiences", summary="List experiences", responses=error_responses(401, 404))
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


@router.get("/{profile_id}/education", summary="List education", responses=error_responses(401, 404))
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


def _page(limit: int, offset: int, total: int, found: Sequence[Any]) -> PaginationOut:
    return PaginationOut.of(limit=limit, offset=offset, total=total, returned=len(found))


def _section_operations(section: ProfileSection) -> dict[str, Operation]:
    async def add(
        items: ProfileItemService, user_id: int, profile_id: str, drafts: Sequence[Any], cap: int
    ) -> Any:
        return await items.add_items(user_id, profile_id, section, drafts, max_items=cap)

    async def update(
        items: ProfileItemService, user_id: int, profile_id: str, drafts: Sequence[Any], cap: int
    ) -> Any:
        return await items.update_items(user_id, profile_id, section, drafts, max_items=cap)

    async def delete(
        items: ProfileItemService, user_id: int, profile_id: str, ids: Sequence[Any], cap: int
    ) -> Any:
        await items.delete_items(user_id, profile_id, section, ids, max_items=cap)

    return {"add": add, "update": update, "delete": delete}


for _section, _label, _batch, _upsert, _ids, _out in (
    (
        ProfileSection.EXPERIENCES,
        "experiences",
        ExperienceBatch,
        ExperienceUpsertBatch,
        ExperienceIds,
        ExperienceOut,
    ),
    (ProfileSection.EDUCATION, "education", EducationBatch, EducationUpsertBatch, EducationIds, EducationOut),
    (ProfileSection.PROJECTS, "projects", ProjectBatch, ProjectUpsertBatch, ProjectIds, ProjectOut),
):
    _bulk_routes(
        path=_section.value, label=_label, batch=_batch, upsert=_upsert, ids=_ids, out=_out,
        **_section_operations(_section),
    )  # fmt: skip

_bulk_routes(
    path="certifications",
    label="certifications",
    batch=CertificationBatch,
    upsert=CertificationUpsertBatch,
    ids=CertificationIds,
    out=CertificationOut,
    add=lambda items, user_id, profile_id, drafts, cap: items.add_certifications(
        user_id, profile_id, drafts, max_items=cap
    ),
    update=lambda items, user_id, profile_id, drafts, cap: items.update_certifications(
        user_id, profile_id, drafts, max_items=cap
    ),
    delete=lambda items, user_id, profile_id, ids, cap: items.delete_certifications(
        user_id, profile_id, ids, max_items=cap
    ),
)
