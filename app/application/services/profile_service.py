"""Profile use cases: create, read, update, delete, primary profile and analytics."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import TypeVar

from app.domain.entities.profile import MasterProfile, ProfileView
from app.domain.entities.profile_item import Fields
from app.domain.enums.profile import ProfileSection
from app.domain.errors import NotFoundError, PrimaryProfileDeleteError
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork
from app.domain.profile_analytics import ProfileAnalytics, analyze

ALL_SECTIONS = tuple(ProfileSection)
T = TypeVar("T")


class ProfileUseCases:
    """What every profile service shares: its ports and the ownership check."""

    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    @staticmethod
    async def _owned(
        uow: UnitOfWork,
        user_id: int,
        profile_id: str,
        *,
        sections: Collection[ProfileSection] = (),
        for_update: bool = False,
    ) -> MasterProfile:
        """The user's profile, or 404 `profile_not_found` (unknown, malformed or someone else's id)."""
        canonical = parse_id(profile_id)
        profile = None
        if canonical is not None:
            profile = await uow.profiles.get(
                canonical, user_id=user_id, sections=sections, for_update=for_update
            )
        if profile is None:
            raise NotFoundError("profile")
        return profile

    async def _change(
        self,
        user_id: int,
        profile_id: str,
        change: Callable[[MasterProfile, datetime], T],
        *,
        sections: Collection[ProfileSection] = (),
        max_items: int | None,
    ) -> T:
        """One write use case: load the profile locked for update, `change` it, commit. A change that
        may add items gives the per-section cap: a list grown past it is a 422 and nothing is saved."""
        now = self._clock.now()
        async with self._uow as uow:
            profile = await self._owned(uow, user_id, profile_id, sections=sections, for_update=True)
            before = profile.list_sizes(sections)
            result = change(profile, now)
            if max_items is not None:
                profile.check_growth(before, sections=sections, max_items=max_items)
            await uow.commit()
        return result


class ProfileService(ProfileUseCases):
    async def create_profile(self, user_id: int, fields: Fields, *, max_items: int) -> MasterProfile:
        """Create a profile with its nested items (at most `max_items` per list); the user's first
        profile becomes the primary one."""
        now = self._clock.now()
        async with self._uow as uow:
            await uow.profiles.lock_owner(user_id)  # two first profiles at once: only one is primary
            profile = MasterProfile(
                user_id=user_id,
                personal_info=fields["personal_info"],
                is_primary=await uow.profiles.count(user_id) == 0,
                created_at=now,
                updated_at=now,
            )
            profile.apply(fields, now=now)
            profile.check_growth({}, sections=ALL_SECTIONS, max_items=max_items)
            await uow.profiles.add(profile)
            await uow.commit()
        return profile

    async def list_profiles(self, user_id: int, *, limit: int, offset: int) -> tuple[list[ProfileView], int]:
        """One page of the user's profiles (primary first, then oldest) and how many there are."""
        async with self._uow.read_only() as uow:
            profiles = await uow.profiles.list_views(user_id, limit=limit, offset=offset)
            total = await uow.profiles.count(user_id)
        return profiles, total

    async def get_primary_profile(self, user_id: int) -> ProfileView:
        """The user's primary profile; 404 while the user has none."""
        async with self._uow.read_only() as uow:
            view = await uow.profiles.get_primary_view(user_id)
        if view is None:
            raise NotFoundError("profile")
        return view

    async def get_profile(self, user_id: int, profile_id: str) -> ProfileView:
        """One of the user's profiles with every item."""
        canonical = parse_id(profile_id)
        view = None
        if canonical is not None:
            async with self._uow.read_only() as uow:
                view = await uow.profiles.get_view(canonical, user_id=user_id)
        if view is None:
            raise NotFoundError("profile")
        return view

    async def load_profile(self, user_id: int, profile_id: str) -> MasterProfile:
        """One of the user's profiles as the aggregate with every item (for analytics and exports)."""
        async with self._uow.read_only() as uow:
            return await self._owned(uow, user_id, profile_id, sections=ALL_SECTIONS)

    async def update_profile(
        self, user_id: int, profile_id: str, changes: Fields, *, max_items: int, make_primary: bool = False
    ) -> MasterProfile:
        """Apply the present fields (lists replace, see the domain; none may grow past `max_items`)
        and optionally make it primary."""
        now = self._clock.now()
        async with self._uow as uow:
            if make_primary:  # the user lock first, like delete_profile: the other order deadlocks
                await uow.profiles.lock_owner(user_id)
            profile = await self._owned(uow, user_id, profile_id, sections=ALL_SECTIONS, for_update=True)
            before = profile.list_sizes(ALL_SECTIONS)
            profile.apply(changes, now=now)
            profile.check_growth(before, sections=ALL_SECTIONS, max_items=max_items)
            if make_primary and not profile.is_primary:
                await uow.profiles.clear_primary(user_id)
                profile.is_primary = True
            await uow.commit()
        return profile

    async def delete_profile(self, user_id: int, profile_id: str) -> None:
        """Delete a profile and its items; the primary one only when it is the last one."""
        async with self._uow as uow:
            await uow.profiles.lock_owner(user_id)
            profile = await self._owned(uow, user_id, profile_id, for_update=True)
            if profile.is_primary and await uow.profiles.count(user_id) > 1:
                raise PrimaryProfileDeleteError
            await uow.profiles.delete(profile)
            await uow.commit()

    async def get_analytics(self, user_id: int, profile_id: str) -> ProfileAnalytics:
        """Completeness, advice, warnings and statistics of one profile, as of today."""
        profile = await self.load_profile(user_id, profile_id)
        return analyze(profile, today=self._clock.now().date())
