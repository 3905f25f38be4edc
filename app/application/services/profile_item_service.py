"""Item collection use cases: experiences, education, projects and certifications in bulk."""

from __future__ import annotations

from collections.abc import Sequence

from app.application.services.profile_service import ProfileUseCases
from app.core.exceptions import NotFoundError
from app.domain.entities.profile import ITEM_KINDS, check_id_count
from app.domain.entities.profile_item import Certification, Fields, ProfileItem
from app.domain.enums.profile import ProfileSection
from app.domain.ids import parse_id

CERTIFICATION = "certification"


def _canonical_ids(ids: Sequence[str], kind: str) -> list[str]:
    """The ids in canonical form; a malformed one is a 404 like an unknown one."""
    canonical = [parse_id(value) for value in ids]
    valid = [value for value in canonical if value is not None]
    if len(valid) != len(canonical):
        raise NotFoundError(kind)
    return valid


class ProfileItemService(ProfileUseCases):
    async def list_items(
        self, user_id: int, profile_id: str, section: ProfileSection, *, limit: int, offset: int
    ) -> tuple[list[ProfileItem], int]:
        """One page of a profile's items in display order, and how many there are."""
        async with self._uow.read_only() as uow:
            profile = await self._owned(uow, user_id, profile_id, sections=(section,))
        items = profile.items(section)
        return items[offset : offset + limit], len(items)

    async def add_items(
        self,
        user_id: int,
        profile_id: str,
        section: ProfileSection,
        drafts: Sequence[Fields],
        *,
        max_items: int,
    ) -> list[ProfileItem]:
        """Append new items (ids are ignored) after the stored ones, up to `max_items` in all."""
        return await self._change(
            user_id,
            profile_id,
            lambda p, now: p.add_items(section, drafts, now=now),
            sections=(section,),
            max_items=max_items,
        )

    async def update_items(
        self,
        user_id: int,
        profile_id: str,
        section: ProfileSection,
        drafts: Sequence[Fields],
        *,
        max_items: int,
    ) -> list[ProfileItem]:
        """Update listed items by id and create those without one; an unknown id changes nothing (404)."""
        return await self._change(
            user_id,
            profile_id,
            lambda p, now: p.update_items(section, drafts, now=now),
            sections=(section,),
            max_items=max_items,
        )

    async def delete_items(
        self, user_id: int, profile_id: str, section: ProfileSection, ids: Sequence[str], *, max_items: int
    ) -> None:
        """Delete the listed items (at most `max_items` ids). Ids stored nowhere are ignored; another
        profile's ids are a 404."""
        check_id_count(len(ids), max_items=max_items)
        kind = ITEM_KINDS[section]
        wanted = _canonical_ids(ids, kind)
        async with self._uow as uow:
            profile = await self._owned(uow, user_id, profile_id, sections=(section,), for_update=True)
            mine = {item.id for item in profile.items(section)}
            others = [value for value in wanted if value not in mine]
            if others and await uow.profiles.existing_item_ids(section, others):
                raise NotFoundError(kind)
            if mine.intersection(wanted):
                profile.remove_items(section, wanted, now=self._clock.now())
                await uow.commit()

    async def add_certifications(
        self, user_id: int, profile_id: str, drafts: Sequence[Fields], *, max_items: int
    ) -> list[Certification]:
        """Append new certifications (ids are ignored), up to `max_items` in all."""
        return await self._change(
            user_id, profile_id, lambda p, now: p.add_certifications(drafts, now=now), max_items=max_items
        )

    async def update_certifications(
        self, user_id: int, profile_id: str, drafts: Sequence[Fields], *, max_items: int
    ) -> list[Certification]:
        """Update listed certifications by id and create those without one; an unknown id: 404."""
        return await self._change(
            user_id, profile_id, lambda p, now: p.update_certifications(drafts, now=now), max_items=max_items
        )

    async def delete_certifications(
        self, user_id: int, profile_id: str, ids: Sequence[str], *, max_items: int
    ) -> None:
        """Delete the listed certifications, with the same id rules as the other items. They live in
        the skills JSON: filtered in memory on the profile locked for update, written back whole."""
        check_id_count(len(ids), max_items=max_items)
        wanted = _canonical_ids(ids, CERTIFICATION)
        async with self._uow as uow:
            profile = await self._owned(uow, user_id, profile_id, for_update=True)
            mine = {certification.id for certification in profile.certifications}
            others = [value for value in wanted if value not in mine]
            if others and await uow.profiles.certification_ids_elsewhere(profile.id, others):
                raise NotFoundError(CERTIFICATION)
            if mine.intersection(wanted):
                profile.remove_certifications(wanted, now=self._clock.now())
                await uow.commit()
