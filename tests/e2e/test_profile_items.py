"""Bulk item endpoints: experiences, education, projects and certifications over HTTP."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.profile_builders import (
    PROFILES,
    create_profile,
    make_certification,
    make_education,
    make_experience,
    make_project,
    sign_up,
)

KINDS = {
    "experiences": (make_experience, "title", "experience"),
    "education": (make_education, "degree", "education"),
    "projects": (make_project, "name", "project"),
    "certifications": (make_certification, "name", "certification"),
}


async def stored_items(client: httpx.AsyncClient, headers: dict[str, str], profile: dict, kind: str) -> list:
    stored = (await client.get(f"{PROFILES}/{profile['id']}", headers=headers)).json()
    items: list[dict[str, Any]] = (
        stored["skills"]["certifications"] if kind == "certifications" else stored[kind]
    )
    return items


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> tuple[dict[str, str], dict[str, Any]]:
    headers = await sign_up(client)
    profile = await create_profile(client, headers, skills={"certifications": [make_certification()]})
    return headers, profile


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("shape", ["bare array", "wrapped object", "single object"])
async def test_bulk_post_takes_every_body_shape_and_answers_a_bare_array(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str, shape: str
):
    headers, profile = owner
    make, label, _ = KINDS[kind]
    items = [make(**{label: "First", "id": ""}), make(**{label: "Second", "id": str(uuid.uuid4())})]
    body = {"bare array": items, "wrapped object": {kind: items}, "single object": items[0]}[shape]

    response = await client.post(f"{PROFILES}/{profile['id']}/{kind}", json=body, headers=headers)

    assert response.status_code == 201, response.text
    answered = response.json()
    expected = ["First"] if shape == "single object" else ["First", "Second"]
    assert [item[label] for item in answered] == expected
    assert all(uuid.UUID(item["id"]) for item in answered)
    assert items[1]["id"] not in {item["id"] for item in answered}  # ids sent on create are ignored
    stored = await stored_items(client, headers, profile, kind)
    assert [item[label] for item in stored][-len(expected) :] == expected  # appended after the stored ones


@pytest.mark.parametrize("kind", list(KINDS))
async def test_bulk_put_updates_present_fields_creates_new_ones_and_keeps_unlisted(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    make, label, _ = KINDS[kind]
    added = (
        await client.post(f"{PROFILES}/{profile['id']}/{kind}", json=[make(), make()], headers=headers)
    ).json()
    before = await stored_items(client, headers, profile, kind)

    body = [{"id": added[0]["id"], label: "Renamed"}, make(**{label: "Brand new", "id": None})]
    response = await client.put(f"{PROFILES}/{profile['id']}/{kind}", json=body, headers=headers)

    assert response.status_code == 200, response.text
    answered = response.json()
    assert [item[label] for item in answered] == ["Renamed", "Brand new"]
    assert answered[0]["id"] == added[0]["id"]
    assert {k: v for k, v in answered[0].items() if k != label} == {
        k: v for k, v in added[0].items() if k != label
    }
    after = await stored_items(client, headers, profile, kind)
    assert len(after) == len(before) + 1
    assert after[-1]["id"] == answered[1]["id"]
    assert next(item for item in after if item["id"] == added[1]["id"]) == added[1]


@pytest.mark.parametrize("kind", list(KINDS))
async def test_bulk_put_with_an_unknown_foreign_or_malformed_id_is_404_and_changes_nothing(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    _, label, singular = KINDS[kind]
    other_headers = await sign_up(client, "grace@example.com")
    other = await create_profile(client, other_headers, skills={"certifications": [make_certification()]})
    foreign_id = (await stored_items(client, other_headers, other, kind))[0]["id"]
    before = await stored_items(client, headers, profile, kind)
    mine = before[0]["id"]

    for bad_id in (str(uuid.uuid4()), foreign_id, "not-a-uuid"):
        body = [{"id": mine, label: "Changed"}, {"id": bad_id, label: "Nope"}]
        response = await client.put(f"{PROFILES}/{profile['id']}/{kind}", json=body, headers=headers)
        assert response.status_code == 404
        assert response.json()["code"] == f"{singular}_not_found"

    assert await stored_items(client, headers, profile, kind) == before
    assert (await stored_items(client, other_headers, other, kind))[0]["id"] == foreign_id


@pytest.mark.parametrize("kind", list(KINDS))
async def test_bulk_put_of_a_new_item_needs_its_required_fields(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    _, label, _ = KINDS[kind]
    response = await client.put(
        f"{PROFILES}/{profile['id']}/{kind}", json=[{"id": "", label: "Only this"}], headers=headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("key", ["kind_ids", "ids"])
async def test_bulk_delete_removes_listed_ids_ignores_unknown_ones_and_answers_204(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str, key: str
):
    headers, profile = owner
    make, _, singular = KINDS[kind]
    added = (
        await client.post(f"{PROFILES}/{profile['id']}/{kind}", json=[make(), make()], headers=headers)
    ).json()
    body_key = f"{singular}_ids" if key == "kind_ids" else "ids"

    response = await client.request(
        "DELETE",
        f"{PROFILES}/{profile['id']}/{kind}",
        json={body_key: [added[0]["id"], str(uuid.uuid4())]},
        headers=headers,
    )

    assert response.status_code == 204
    assert response.content == b""
    remaining = {item["id"] for item in await stored_items(client, headers, profile, kind)}
    assert added[0]["id"] not in remaining
    assert added[1]["id"] in remaining


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("stranger", ["another user's item", "my other profile's item", "malformed id"])
async def test_bulk_delete_answers_an_id_stored_elsewhere_like_a_random_one_and_leaves_it_alone(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str, stranger: str
):
    # A 404 for an id stored in some other profile, where a random id is ignored, would tell the
    # caller that the id exists (across users): every id not in this profile gets the same answer.
    headers, profile = owner
    make, _, _ = KINDS[kind]
    added = (
        await client.post(f"{PROFILES}/{profile['id']}/{kind}", json=[make(), make()], headers=headers)
    ).json()
    other_headers = await sign_up(client, "grace@example.com")
    theirs = await create_profile(client, other_headers, skills={"certifications": [make_certification()]})
    my_other = await create_profile(client, headers, skills={"certifications": [make_certification()]})
    stranger_id = {
        "another user's item": (await stored_items(client, other_headers, theirs, kind))[0]["id"],
        "my other profile's item": (await stored_items(client, headers, my_other, kind))[0]["id"],
        "malformed id": "not-a-uuid",
    }[stranger]
    untouched = {
        "theirs": await stored_items(client, other_headers, theirs, kind),
        "my other": await stored_items(client, headers, my_other, kind),
    }

    async def delete(ids: list[str]) -> httpx.Response:
        return await client.request(
            "DELETE", f"{PROFILES}/{profile['id']}/{kind}", json={"ids": ids}, headers=headers
        )

    random_answer = await delete([added[0]["id"], str(uuid.uuid4())])
    stranger_answer = await delete([added[1]["id"], stranger_id])
    only_stranger = await delete([stranger_id])

    for answer in (stranger_answer, only_stranger):
        assert (answer.status_code, answer.content) == (random_answer.status_code, random_answer.content)
    assert random_answer.status_code == 204
    remaining = {item["id"] for item in await stored_items(client, headers, profile, kind)}
    assert not remaining & {added[0]["id"], added[1]["id"]}
    assert await stored_items(client, other_headers, theirs, kind) == untouched["theirs"]
    assert await stored_items(client, headers, my_other, kind) == untouched["my other"]


@pytest.mark.parametrize("kind", ["experiences", "education"])
async def test_item_lists_are_paginated_in_display_order(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    make, label, _ = KINDS[kind]
    await client.post(
        f"{PROFILES}/{profile['id']}/{kind}",
        json=[make(**{label: f"Item {i}"}) for i in range(4)],
        headers=headers,
    )

    first = (await client.get(f"{PROFILES}/{profile['id']}/{kind}?limit=3", headers=headers)).json()
    second = (await client.get(f"{PROFILES}/{profile['id']}/{kind}?limit=3&offset=3", headers=headers)).json()

    assert first["total"] == 5
    assert first["pagination"] == {"limit": 3, "offset": 0, "total": 5, "hasMore": True}
    assert [item[label] for item in second[kind]] == ["Item 2", "Item 3"]
    assert second["pagination"]["hasMore"] is False


async def test_item_writes_bump_the_profile_updated_at(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict]
):
    headers, profile = owner
    await client.post(f"{PROFILES}/{profile['id']}/projects", json=make_project(), headers=headers)
    stored = (await client.get(f"{PROFILES}/{profile['id']}", headers=headers)).json()
    assert stored["updated_at"] > profile["updated_at"]


async def test_a_bulk_item_with_inconsistent_dates_is_422_and_nothing_is_added(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict]
):
    headers, profile = owner
    body = [make_education(), make_education(start_date="2020-01-01", end_date="2019-01-01")]
    response = await client.post(f"{PROFILES}/{profile['id']}/education", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_dates"
    assert len(await stored_items(client, headers, profile, "education")) == 1


async def test_a_patch_that_makes_dates_inconsistent_is_422(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict]
):
    headers, profile = owner
    experience = profile["experiences"][0]
    response = await client.put(
        f"{PROFILES}/{profile['id']}/experiences",
        json={"id": experience["id"], "end_date": "2000-01-01"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_dates"


async def test_a_certification_expiring_before_it_was_obtained_is_422(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict]
):
    headers, profile = owner
    body = make_certification(date_obtained="2023-01-01", expiry_date="2022-01-01")
    response = await client.post(f"{PROFILES}/{profile['id']}/certifications", json=body, headers=headers)
    assert response.status_code == 422


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
async def test_bulk_put_of_an_item_with_a_blank_id_and_no_fields_is_a_schema_422(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str, blank: str
):
    headers, profile = owner
    before = await stored_items(client, headers, profile, kind)

    response = await client.put(f"{PROFILES}/{profile['id']}/{kind}", json=[{"id": blank}], headers=headers)

    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], list)  # a new item's missing fields, as schema errors
    assert await stored_items(client, headers, profile, kind) == before
