"""Item collection use cases: experiences, education, projects and certifications in bulk."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from app.application.services.profile_service import ProfileUseCases
from app.domain.entities.profile import check_id_count
from app.domain.entities.profile_item import Certification, Fields, ProfileItem
from app.domain.enums.profile import ProfileSection
from app.domain.ids import parse_id


def _listed_ids(ids: Sequence[str], mine: Collection[str]) -> set[str]:
    """The listed ids (in canonical form) that belong to this profile. Every other id, malformed,
    unknown or stored in another profile of any user, is ignored alike: a different answer for an
    id stored elsewhere would tell the caller that it exists."""
    canonical = (parse_id(value) for value in ids)
    return {value for value in canonical if value is not None and value in mine}


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
        """Delete the listed items of this profile (at most `max_items` ids); other ids are ignored."""
        check_id_count(len(ids), max_items=max_items)
        async with self._uow as uow:
            profile = await self._owned(uow, user_id, profile_id, sections=(section,), for_update=True)
            doomed = _listed_ids(ids, {item.id for item in profile.items(section)})
            if doomed:
                profile.remove_items(section, doomed, now=self._clock.now())
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
        """Delete the listed certifications of this profile; other ids are ignored. They live in the
        skills JSON: filtered in memory on the profile locked for update, written back whole."""
        check_id_count(len(ids), max_items=max_items)
        async with self._uow as uow:
            profile = await self._owned(uow, user_id, profile_id, for_update=True)
            doomed = _listed_ids(ids, {certification.id for certification in profile.certifications})
            if doomed:
                profile.remove_certifications(doomed, now=self._clock.now())
                await uow.commit()
