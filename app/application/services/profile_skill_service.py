"""Skills and custom fields of a profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.application.services.profile_service import ProfileUseCases
from app.domain.entities.profile_item import Fields
from app.domain.enums.profile import SkillKind


class ProfileSkillService(ProfileUseCases):
    async def get_skills(self, user_id: int, profile_id: str) -> dict[str, Any]:
        """The skills object: technical, soft, languages and certifications."""
        async with self._uow.read_only() as uow:
            profile = await self._owned(uow, user_id, profile_id)
        return profile.skills

    async def replace_skills(
        self, user_id: int, profile_id: str, changes: Fields, *, max_items: int
    ) -> dict[str, Any]:
        """Replace the skill lists present in `changes` (certifications: list semantics), each of at
        most `max_items`."""
        return await self._change(
            user_id, profile_id, lambda p, now: p.replace_skills(changes, now=now), max_items=max_items
        )

    async def add_skills(
        self, user_id: int, profile_id: str, kind: SkillKind, names: Sequence[str], *, max_items: int
    ) -> list[str]:
        """Add skills, skipping any already listed in another case, up to `max_items` in all; answers
        the whole list."""
        return await self._change(
            user_id, profile_id, lambda p, now: p.add_skills(kind, names, now=now), max_items=max_items
        )

    async def remove_skills(
        self, user_id: int, profile_id: str, kind: SkillKind, names: Sequence[str]
    ) -> list[str]:
        """Remove skills compared case-insensitively (an absent one is no error); answers the list."""
        return await self._change(
            user_id, profile_id, lambda p, now: p.remove_skills(kind, names, now=now), max_items=None
        )

    async def get_custom_fields(self, user_id: int, profile_id: str) -> dict[str, Any]:
        """The custom fields map."""
        async with self._uow.read_only() as uow:
            profile = await self._owned(uow, user_id, profile_id)
        return profile.custom_fields

    async def set_custom_fields(
        self, user_id: int, profile_id: str, fields: Mapping[str, Any], *, merge: bool
    ) -> dict[str, Any]:
        """Replace the custom fields, or merge them in (a key present overwrites)."""
        return await self._change(
            user_id,
            profile_id,
            lambda p, now: p.set_custom_fields(fields, merge=merge, now=now),
            max_items=None,
        )
