"""SQLAlchemy implementation of the ProfileRepository port."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Select,
    Table,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad
from sqlalchemy.sql.elements import ColumnElement

from app.domain.entities.profile import ITEM_TYPES, MasterProfile, ProfileView
from app.domain.enums.profile import ProfileSection
from app.infrastructure.database.models.profile_model import ITEM_TABLES, master_profiles_table
from app.infrastructure.database.prepared_read import PreparedRead
from app.infrastructure.repositories.user_lock import lock_user_row

_profiles = master_profiles_table.c
# Item columns a profile view leaves out (display_order stays: the lists are sorted by it).
_NOT_VIEWED = {"profile_id", "enhancement_metadata", "created_at", "updated_at"}
_ORDER = itemgetter("display_order", "id")


def _load(section: ProfileSection) -> _AbstractLoad:
    return selectinload(getattr(MasterProfile, section.value))


def _items_json(table: Table, dialect: str) -> ColumnElement[Any]:
    """A profile's rows of `table` as one JSON array, built by the database in the profile's row."""
    pairs: list[ColumnElement[Any]] = []
    for column in table.c:
        if column.name in _NOT_VIEWED:
            continue
        value: ColumnElement[Any] = column
        if dialect == "sqlite" and isinstance(column.type, JSON):
            value = func.json(column)  # SQLite keeps JSON as text: embed it as JSON, not as a string
        pairs += [literal_column(f"'{column.name}'"), value]
    array: ColumnElement[Any]
    if dialect == "postgresql":
        array = func.coalesce(func.json_agg(func.json_build_object(*pairs)), literal_column("'[]'::json"))
    else:
        array = func.json_group_array(func.json_object(*pairs))
    return type_coerce(select(array).where(table.c.profile_id == _profiles.id).scalar_subquery(), JSON)


def _view_statement(dialect: str) -> Select[Any]:
    items = [_items_json(ITEM_TABLES[s.value], dialect).label(s.value) for s in ProfileSection]
    return select(master_profiles_table, *items)


# Profile views: one statement whatever the number of items (the read behind GET /profiles/me and
# the other GETs answering whole profiles). Built once per dialect, not per request; the single-profile
# views skip SQLAlchemy's per-execution machinery (see PreparedRead).
_VIEWS = {dialect: _view_statement(dialect) for dialect in ("sqlite", "postgresql")}
_PRIMARY_VIEW = PreparedRead(
    lambda dialect: _view_statement(dialect).where(
        _profiles.user_id == bindparam("user_id"), _profiles.is_primary
    )
)
_VIEW_BY_ID = PreparedRead(
    lambda dialect: _view_statement(dialect).where(
        _profiles.id == bindparam("profile_id"), _profiles.user_id == bindparam("user_id")
    )
)


_EXISTS = PreparedRead(
    lambda _dialect: select(_profiles.id).where(
        _profiles.id == bindparam("profile_id"), _profiles.user_id == bindparam("user_id")
    )
)


def _as_view(row: Mapping[str, Any]) -> ProfileView:
    view = dict(row)
    for section in ProfileSection:
        view[section.value] = sorted(view[section.value], key=_ORDER)
    return view


# Item flags read back from the view's JSON: SQLite's json_object writes booleans as 0 and 1.
_FLAGS = {
    section: tuple(column.name for column in ITEM_TABLES[section.value].c if isinstance(column.type, Boolean))
    for section in ProfileSection
}


def _as_entity(view: ProfileView) -> MasterProfile:
    """A profile built from its view, not tracked by any session (the view leaves out items'
    timestamps and enhancement metadata, which are then the entity's defaults)."""
    fields = dict(view)
    for section, kind in ITEM_TYPES.items():
        items = []
        for item in fields[section.value]:
            for flag in _FLAGS[section]:
                item[flag] = bool(item[flag])
            items.append(kind(**item))
        fields[section.value] = items
    return MasterProfile(**fields)


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

    async def get_primary_view(self, user_id: int) -> ProfileView | None:
        row = await _PRIMARY_VIEW.first(self._session, user_id=user_id)
        return None if row is None else _as_view(row)

    async def get_view(self, profile_id: str, *, user_id: int) -> ProfileView | None:
        row = await _VIEW_BY_ID.first(self._session, profile_id=profile_id, user_id=user_id)
        return None if row is None else _as_view(row)

    async def exists(self, profile_id: str, *, user_id: int) -> bool:
        return bool(await _EXISTS.column(self._session, profile_id=profile_id, user_id=user_id))

    async def get_detached(self, profile_id: str | None, *, user_id: int) -> MasterProfile | None:
        view = await (
            self.get_primary_view(user_id)
            if profile_id is None
            else self.get_view(profile_id, user_id=user_id)
        )
        return None if view is None else _as_entity(view)

    async def list_views(self, user_id: int, *, limit: int, offset: int) -> list[ProfileView]:
        statement = (
            _VIEWS[self._session.get_bind().dialect.name]
            .where(_profiles.user_id == user_id)
            .order_by(_profiles.is_primary.desc(), _profiles.created_at, _profiles.id)
            .limit(limit)
            .offset(offset)
        )
        result = await self._session.execute(statement)
        return [_as_view(row._mapping) for row in result]

    async def count(self, user_id: int) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(master_profiles_table).where(_profiles.user_id == user_id)
        )
        return int(total or 0)

    async def lock_owner(self, user_id: int) -> None:
        # The one user lock every writer takes (first, before any profile row): see lock_user_row.
        await lock_user_row(self._session, user_id)

    async def clear_primary(self, user_id: int) -> None:
        await self._session.execute(
            update(MasterProfile)
            .where(_profiles.user_id == user_id, _profiles.is_primary)
            .values(is_primary=False)
        )

    async def delete(self, profile: MasterProfile) -> None:
        await self._session.execute(delete(master_profiles_table).where(_profiles.id == profile.id))
        self._session.expunge(profile)
