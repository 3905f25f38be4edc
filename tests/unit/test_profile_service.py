"""Profile use cases on in-memory fakes: the primary profile, ownership and transactions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from app.application.services.profile_item_service import ProfileItemService
from app.application.services.profile_service import ProfileService
from app.domain.enums.profile import ProfileSection
from app.domain.errors import NotFoundError, PrimaryProfileDeleteError
from tests.unit.fakes import FakeClock, FakeUnitOfWork

ME, SOMEONE_ELSE = 1, 2
CAP = 100  # items per profile list


@dataclass
class Harness:
    profiles: ProfileService
    items: ProfileItemService
    uow: FakeUnitOfWork
    clock: FakeClock


def make_harness() -> Harness:
    uow, clock = FakeUnitOfWork(), FakeClock()
    return Harness(
        profiles=ProfileService(uow=uow, clock=clock),
        items=ProfileItemService(uow=uow, clock=clock),
        uow=uow,
        clock=clock,
    )


def fields(**overrides: Any) -> dict[str, Any]:
    return {"personal_info": {"full_name": "Ada", "email": "ada@example.com"}, **overrides}


async def test_only_the_first_profile_is_primary():
    harness = make_harness()
    first = await harness.profiles.create_profile(ME, fields(), max_items=CAP)
    harness.clock.advance(seconds=1)
    second = await harness.profiles.create_profile(ME, fields(), max_items=CAP)
    theirs = await harness.profiles.create_profile(SOMEONE_ELSE, fields(), max_items=CAP)

    assert (first.is_primary, second.is_primary, theirs.is_primary) == (True, False, True)
    assert (await harness.profiles.get_primary_profile(ME))["id"] == first.id
    assert harness.uow.commits == 3


async def test_making_another_profile_primary_unmarks_the_old_one():
    harness = make_harness()
    first = await harness.profiles.create_profile(ME, fields(), max_items=CAP)
    second = await harness.profiles.create_profile(ME, fields(), max_items=CAP)

    await harness.profiles.update_profile(ME, second.id, {}, max_items=CAP, make_primary=True)

    assert (first.is_primary, second.is_primary) == (False, True)
    views, total = await harness.profiles.list_profiles(ME, limit=20, offset=0)
    assert [v["id"] for v in views] == [second.id, first.id]
    assert total == 2


async def test_the_primary_profile_goes_last():
    harness = make_harness()
    first = await harness.profiles.create_profile(ME, fields(), max_items=CAP)
    second = await harness.profiles.create_profile(ME, fields(), max_items=CAP)

    with pytest.raises(PrimaryProfileDeleteError):
        await harness.profiles.delete_profile(ME, first.id)
    await harness.profiles.delete_profile(ME, second.id)
    await harness.profiles.delete_profile(ME, first.id)

    assert harness.uow.profiles.rows == {}
    with pytest.raises(NotFoundError):
        await harness.profiles.get_primary_profile(ME)


@pytest.mark.parametrize("profile_id", ["theirs", "0a1b2c3d-0000-4000-8000-000000000000", "not-a-uuid"])
async def test_someone_elses_unknown_or_malformed_profile_is_not_found(profile_id: str):
    harness = make_harness()
    theirs = await harness.profiles.create_profile(SOMEONE_ELSE, fields(), max_items=CAP)
    target = theirs.id if profile_id == "theirs" else profile_id
    commits = harness.uow.commits

    for attempt in (
        harness.profiles.get_profile(ME, target),
        harness.profiles.update_profile(ME, target, {"professional_summary": "mine now"}, max_items=CAP),
        harness.profiles.delete_profile(ME, target),
        harness.items.add_items(
            ME, target, ProfileSection.PROJECTS, [{"name": "P", "description": "D"}], max_items=CAP
        ),
    ):
        with pytest.raises(NotFoundError) as raised:
            await attempt
        assert raised.value.resource == "profile"
    assert harness.uow.commits == commits
    assert theirs.professional_summary is None


async def test_deleting_ids_of_other_profiles_is_the_same_no_op_as_deleting_unknown_ones():
    harness = make_harness()
    project = {"name": "P", "description": "D"}
    mine = await harness.profiles.create_profile(ME, fields(projects=[project]), max_items=CAP)
    my_other = await harness.profiles.create_profile(ME, fields(projects=[project]), max_items=CAP)
    theirs = await harness.profiles.create_profile(SOMEONE_ELSE, fields(projects=[project]), max_items=CAP)
    commits = harness.uow.commits
    strangers = [
        "0a1b2c3d-0000-4000-8000-000000000000",
        "not-a-uuid",
        my_other.projects[0].id,
        theirs.projects[0].id,
    ]

    await harness.items.delete_items(ME, mine.id, ProfileSection.PROJECTS, strangers, max_items=CAP)

    assert harness.uow.commits == commits
    assert [len(p.projects) for p in (mine, my_other, theirs)] == [1, 1, 1]

    await harness.items.delete_items(
        ME, mine.id, ProfileSection.PROJECTS, [*strangers, mine.projects[0].id.upper()], max_items=CAP
    )

    assert [len(p.projects) for p in (mine, my_other, theirs)] == [0, 1, 1]


async def test_deleting_certifications_of_other_profiles_is_a_no_op():
    harness = make_harness()
    certification = {"name": "CKA", "issuer": "CNCF", "date_obtained": "2023-05-01"}
    skills = {"certifications": [certification]}
    mine = await harness.profiles.create_profile(ME, fields(skills=skills), max_items=CAP)
    my_other = await harness.profiles.create_profile(ME, fields(skills=skills), max_items=CAP)
    theirs = await harness.profiles.create_profile(SOMEONE_ELSE, fields(skills=skills), max_items=CAP)
    strangers = [my_other.certifications[0].id, theirs.certifications[0].id, "not-a-uuid"]

    await harness.items.delete_certifications(ME, mine.id, strangers, max_items=CAP)
    assert [len(p.certifications) for p in (mine, my_other, theirs)] == [1, 1, 1]

    await harness.items.delete_certifications(
        ME, mine.id, [*strangers, mine.certifications[0].id], max_items=CAP
    )
    assert [len(p.certifications) for p in (mine, my_other, theirs)] == [0, 1, 1]


async def test_an_update_stamps_the_clock_time():
    harness = make_harness()
    profile = await harness.profiles.create_profile(ME, fields(), max_items=CAP)
    harness.clock.advance(minutes=5)
    updated = await harness.profiles.update_profile(
        ME, profile.id, {"professional_summary": "New"}, max_items=CAP
    )
    assert updated.updated_at == harness.clock.now()
    assert updated.created_at < updated.updated_at
