"""SQLAlchemy implementation of the ProfileRepository port."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from app.domain.entities.profile import MasterProfile
from app.domain.enums.profile import ProfileSection
from app.infrastructure.database.models.profile_model import ITEM_TABLES, master_profiles_table

_profiles = master_profiles_table.c


def _load(section: ProfileSection) -> _AbstractLoad:
    return selectinload(getattr(MasterProfile, section.value))


_ALL_ITEMS = tuple(_load(section) for section in ProfileSection)

# Built once: the read behind GET /profiles/me runs on every app start-up's first request onwards.
# One statement for the profile and one per item table, whatever the number of items.
_PRIMARY = (
    select(MasterProfile)
    .where(_profiles.user_id == bindparam("user_id"), _profiles.is_primary)
    .options(*_ALL_ITEMS)
)


class SqlAlchemyProfileRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, profile: MasterProfile) -> None:
        self._session.add(profile)
        await self._session.flush()

    async def get(
        self,
        profile_id: str,
        *,
        user_id: int,
        sections: Collection[ProfileSection] = (),
        for_update: bool = False,
    ) -> MasterProfile | None:
        statement = (
            select(MasterProfile)
            .where(_profiles.id == profile_id, _profiles.user_id == user_id)
            .options(*(_load(section) for section in sections))
        )
        if for_update:  # PostgreSQL: writers of one profile queue up; SQLite already serialises writers
            statement = statement.with_for_update()
        result = await self._session.execute(statement)
        return result.scalar_one_or_none()

    async def get_primary(self, user_id: int) -> MasterProfile | None:
        result = await self._session.execute(_PRIMARY, {"user_id": user_id})
        return result.scalar_one_or_none()

    async def list_page(self, user_id: int, *, limit: int, offset: int) -> list[MasterProfile]:
        result = await self._session.execute(
            select(MasterProfile)
            .where(_profiles.user_id == user_id)
            .order_by(_profiles.is_primary.desc(), _profiles.created_at, _profiles.id)
            .limit(limit)
            .offset(offset)
            .options(*_ALL_ITEMS)
        )
        return list(result.scalars())

    async def count(self, user_id: int) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(master_profiles_table).where(_profiles.user_id == user_id)
        )
        return int(total or 0)

    async def clear_primary(self, user_id: int) -> None:
        await self._session.execute(
            update(MasterProfile)
            .where(_profiles.user_id == user_id, _profiles.is_primary)
            .values(is_primary=False)
        )

    async def delete(self, profile: MasterProfile) -> None:
        await self._session.execute(delete(master_profiles_table).where(_profiles.id == profile.id))
        self._session.expunge(profile)

    async def existing_item_ids(self, section: ProfileSection, ids: Collection[str]) -> set[str]:
        table = ITEM_TABLES[section.value]
        result = await self._session.execute(select(table.c.id).where(table.c.id.in_(list(ids))))
        return set(result.scalars())

    async def certification_ids_elsewhere(self, profile_id: str, ids: Collection[str]) -> set[str]:
        # Certifications have no table: look for the ids in the text of the other profiles' skills.
        skills_text = cast(_profiles.skills, Text)
        result = await self._session.execute(
            select(skills_text).where(
                _profiles.id != profile_id,
                or_(*(skills_text.contains(value, autoescape=True) for value in ids)),
            )
        )
        found: list[Any] = list(result.scalars())
        return {value for value in ids if any(value in text for text in found)}
