"""Profiles on the real database: statement counts, cascades, the one-primary rule, views."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, inspect, select
from sqlalchemy.exc import IntegrityError

from app.application.services.profile_service import ProfileService
from app.domain.entities.profile import MasterProfile
from app.domain.enums.profile import ProfileSection
from app.infrastructure.database.models.profile_model import experiences_table
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork
from tests.profile_builders import (
    PROFILES,
    create_profile,
    make_experience,
    make_profile_body,
    sign_up,
    user_id_of,
)

CAP = 100


@contextmanager
def counted_statements(app: FastAPI) -> Iterator[list[str]]:
    """Every SQL statement the request runs, the access-token check included.

    Statements through the engine are seen by its cursor events; on SQLite, PreparedRead runs its reads
    on the shared point-read connection, outside the engine, so that connection's trace is read too.
    """
    statements: list[str] = []
    database = app.state.resources.database
    engine = database.engine.sync_engine

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    if database.point_reader is not None:
        database.point_reader.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
        if database.point_reader is not None:
            database.point_reader.set_trace_callback(None)


async def primary_profile_statements(app: FastAPI, client: httpx.AsyncClient, experiences: int) -> int:
    headers = await sign_up(client, f"user{experiences}@example.com")
    await create_profile(
        client,
        headers,
        experiences=[make_experience(title=f"Job {i}") for i in range(experiences)],
        skills={"technical": [f"skill {i}" for i in range(15)], "soft": [f"soft {i}" for i in range(5)]},
    )
    with counted_statements(app) as statements:
        response = await client.get(f"{PROFILES}/me", headers=headers)
    assert response.status_code == 200
    assert len(response.json()["experiences"]) == experiences
    return len(statements)


async def test_the_primary_profile_costs_a_fixed_number_of_statements(
    app: FastAPI, client: httpx.AsyncClient
):
    small = await primary_profile_statements(app, client, 5)
    large = await primary_profile_statements(app, client, 50)
    assert small <= 4
    assert large == small


async def test_items_come_back_in_display_order_from_the_view(app: FastAPI, client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(
        client, headers, experiences=[make_experience(title=str(i)) for i in range(12)]
    )
    me = (await client.get(f"{PROFILES}/me", headers=headers)).json()
    assert [e["title"] for e in me["experiences"]] == [str(i) for i in range(12)]
    assert me == profile


async def test_deleting_a_profile_deletes_its_items(app: FastAPI, client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    await client.delete(f"{PROFILES}/{profile['id']}", headers=headers)
    async with app.state.resources.database.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(experiences_table))
    assert left == 0


async def test_a_user_cannot_have_two_primary_profiles(app: FastAPI, client: httpx.AsyncClient):
    user_id = await user_id_of(client, await sign_up(client))
    async with SqlAlchemyUnitOfWork(app.state.resources.database) as uow:
        await uow.profiles.add(MasterProfile(user_id=user_id, personal_info={}, is_primary=False))
        await uow.profiles.add(MasterProfile(user_id=user_id, personal_info={}, is_primary=True))
        with pytest.raises(IntegrityError):
            await uow.profiles.add(MasterProfile(user_id=user_id, personal_info={}, is_primary=True))


async def test_the_repository_loads_only_the_sections_asked_for(app: FastAPI, client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    owner = profile["user_id"]
    async with SqlAlchemyUnitOfWork(app.state.resources.database).read_only() as uow:
        loaded = await uow.profiles.get(profile["id"], user_id=owner, sections=[ProfileSection.PROJECTS])
        assert loaded is not None
        assert [p.id for p in loaded.projects] == [profile["projects"][0]["id"]]
        with pytest.raises(Exception, match="raise"):  # lazy="raise": no hidden queries
            _ = loaded.experiences
        assert await uow.profiles.get(profile["id"], user_id=owner + 1) is None


async def test_a_detached_profile_holds_what_the_loaded_one_holds_and_saves_nothing(
    app: FastAPI, client: httpx.AsyncClient
):
    headers = await sign_up(client)
    created = await create_profile(client, headers)
    owner, sections = created["user_id"], list(ProfileSection)
    uow = SqlAlchemyUnitOfWork(app.state.resources.database)
    async with uow.read_only() as work:
        loaded = await work.profiles.get(created["id"], user_id=owner, sections=sections)
        by_id = await work.profiles.get_detached(created["id"], user_id=owner)
        primary = await work.profiles.get_detached(None, user_id=owner)
        assert await work.profiles.get_detached(created["id"], user_id=owner + 1) is None
    assert loaded is not None
    assert by_id is not None
    assert primary is not None
    skipped = {"created_at", "updated_at", "enhancement_metadata", "profile_id"}  # the view leaves these out
    for detached in (by_id, primary):
        assert detached.personal_info == loaded.personal_info
        assert detached.skills == loaded.skills
        for section in sections:
            assert [_fields(item, skipped) for item in detached.items(section)] == [
                _fields(item, skipped) for item in loaded.items(section)
            ]
    assert isinstance(by_id.experiences[0].is_current, bool)  # not SQLite's 0/1 of its JSON
    async with uow as work:  # changed and committed: nothing of it is written
        detached = await work.profiles.get_detached(None, user_id=owner)
        assert detached is not None
        detached.professional_summary = "Changed"
        detached.experiences[0].title = "Changed"
        await work.commit()
    again = (await client.get(f"{PROFILES}/me", headers=headers)).json()
    assert again["professional_summary"] == created["professional_summary"]
    assert again["experiences"][0]["title"] == created["experiences"][0]["title"]


def _fields(item: object, skipped: set[str]) -> dict[str, object]:
    return {
        name: value for name, value in vars(item).items() if not name.startswith("_") and name not in skipped
    }


async def test_the_profile_tables_have_the_contract_indexes(app: FastAPI):
    def indexes(connection: object) -> dict[str, list[tuple[list[str], bool]]]:
        inspector = inspect(connection)
        return {
            table: sorted(
                (list(ix["column_names"]), bool(ix["unique"]))  # type: ignore[arg-type]
                for ix in inspector.get_indexes(table)
            )
            for table in ("master_profiles", "experiences", "education", "projects")
        }

    async with app.state.resources.database.engine.connect() as connection:
        found = await connection.run_sync(indexes)
    assert found["master_profiles"] == [(["user_id"], True), (["user_id", "created_at"], False)]
    for table in ("experiences", "education", "projects"):
        assert found[table] == [(["profile_id", "display_order"], False)]


async def test_concurrent_first_profiles_leave_exactly_one_primary(app: FastAPI, client: httpx.AsyncClient):
    user_id = await user_id_of(client, await sign_up(client))
    resources = app.state.resources
    service = ProfileService(uow=SqlAlchemyUnitOfWork(resources.database), clock=resources.clock)

    async def create() -> MasterProfile:
        # A service per call, as per request: each has its own unit of work and connection.
        own = ProfileService(uow=SqlAlchemyUnitOfWork(resources.database), clock=resources.clock)
        fields = {"personal_info": make_profile_body()["personal_info"]}
        return await own.create_profile(user_id, fields, max_items=CAP)

    created = await asyncio.gather(*(create() for _ in range(4)))

    assert sum(profile.is_primary for profile in created) == 1
    assert (await service.list_profiles(user_id, limit=10, offset=0))[1] == 4
