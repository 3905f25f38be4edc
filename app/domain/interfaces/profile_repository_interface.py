"""Persistence port for master profiles and their item tables."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from app.domain.entities.profile import MasterProfile, ProfileView
from app.domain.enums.profile import ProfileSection


class ProfileRepository(Protocol):
    async def add(self, profile: MasterProfile) -> None:
        """Stage a new profile (with its items) and flush it."""

    async def get(
        self,
        profile_id: str,
        *,
        user_id: int,
        sections: Collection[ProfileSection] = (),
        for_update: bool = False,
    ) -> MasterProfile | None:
        """The user's profile with the item lists of `sections` loaded (the others raise when read)."""

    async def get_primary_view(self, user_id: int) -> ProfileView | None:
        """The user's primary profile as a view (one statement whatever its size)."""

    async def get_view(self, profile_id: str, *, user_id: int) -> ProfileView | None:
        """One of the user's profiles as a view."""

    async def exists(self, profile_id: str, *, user_id: int) -> bool:
        """Whether the user has this profile (one point read)."""

    async def get_detached(self, profile_id: str | None, *, user_id: int) -> MasterProfile | None:
        """The user's profile (None: the primary one) with every item list, not tracked by the unit of
        work (changes to it are never saved): what documents are made from, in one statement."""

    async def list_views(self, user_id: int, *, limit: int, offset: int) -> list[ProfileView]:
        """A page of the user's profiles as views: the primary first, then the oldest."""

    async def count(self, user_id: int) -> int: ...

    async def lock_owner(self, user_id: int) -> None:
        """Queue up this user's writers that decide which profile is primary, until commit."""

    async def clear_primary(self, user_id: int) -> None:
        """Unmark the user's primary profile (before another one is marked)."""

    async def delete(self, profile: MasterProfile) -> None:
        """Delete the profile; its items go with it (ON DELETE CASCADE)."""
