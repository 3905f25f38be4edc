"""Items per profile list over HTTP: PROFILE_MAX_ITEMS_PER_SECTION on every path that adds items."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from app.domain.entities.profile import SECTION_ITEMS_CEILING
from tests.helpers import make_client, make_settings, running_app
from tests.profile_builders import (
    PROFILES,
    create_profile,
    make_certification,
    make_education,
    make_experience,
    make_profile_body,
    make_project,
    sign_up,
)

CAP = 3
ITEMS: dict[str, Callable[..., dict[str, Any]]] = {
    "experiences": make_experience,
    "education": make_education,
    "projects": make_project,
    "certifications": make_certification,
}


@pytest.fixture
async def capped(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose profile lists hold at most CAP items."""
    settings = make_settings(database_url, profile_max_items_per_section=CAP)
    async with running_app(settings) as app, make_client(app) as client:
        yield client


@pytest.fixture
async def owner(capped: httpx.AsyncClient) -> tuple[dict[str, str], dict[str, Any]]:
    headers = await sign_up(capped)
    profile = await create_profile(capped, headers, skills={"certifications": [make_certification()]})
    return headers, profile


async def stored(client: httpx.AsyncClient, headers: dict[str, str], profile_id: str) -> dict[str, Any]:
    body: dict[str, Any] = (await client.get(f"{PROFILES}/{profile_id}", headers=headers)).json()
    return body


def count(profile: dict[str, Any], kind: str) -> int:
    return len(profile["skills"][kind] if kind in ("certifications", "technical", "soft") else profile[kind])


def assert_too_many(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "too_many_items"
    assert f"at most {CAP} " in body["detail"].lower()


@pytest.mark.parametrize("kind", list(ITEMS))
async def test_bulk_posts_fill_a_section_up_to_the_cap_and_no_further(
    capped: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    url = f"{PROFILES}/{profile['id']}/{kind}"
    make = ITEMS[kind]

    assert (await capped.post(url, json=[make(), make()], headers=headers)).status_code == 201
    before = await stored(capped, headers, profile["id"])
    assert count(before, kind) == CAP

    assert_too_many(await capped.post(url, json=make(), headers=headers))
    assert_too_many(await capped.put(url, json=[make(id="")], headers=headers))  # a new item by PUT
    assert await stored(capped, headers, profile["id"]) == before


@pytest.mark.parametrize("kind", ["experiences", "education", "projects"])
async def test_a_profile_with_too_many_nested_items_is_refused_on_create_and_put(
    capped: httpx.AsyncClient, kind: str
):
    headers = await sign_up(capped)
    items = [ITEMS[kind](id="") for _ in range(CAP + 1)]

    assert_too_many(await capped.post(PROFILES, json=make_profile_body(**{kind: items}), headers=headers))
    profile = await create_profile(capped, headers, **{kind: items[:CAP]})
    response = await capped.put(f"{PROFILES}/{profile['id']}", json={kind: items}, headers=headers)
    assert_too_many(response)
    assert await stored(capped, headers, profile["id"]) == profile


@pytest.mark.parametrize("key", ["technical", "soft", "languages", "certifications"])
async def test_skill_lists_are_capped_in_a_skills_put_and_a_profile_put(
    capped: httpx.AsyncClient, owner: tuple[dict[str, str], dict], key: str
):
    headers, profile = owner
    values: list[Any] = {
        "technical": [f"Skill {i}" for i in range(CAP + 1)],
        "soft": [f"Soft {i}" for i in range(CAP + 1)],
        "languages": [{"name": f"Language {i}"} for i in range(CAP + 1)],
        "certifications": [make_certification() for _ in range(CAP + 1)],
    }[key]
    base = f"{PROFILES}/{profile['id']}"

    assert_too_many(await capped.put(f"{base}/skills", json={key: values}, headers=headers))
    assert_too_many(await capped.put(base, json={"skills": {key: values}}, headers=headers))
    assert (await capped.put(f"{base}/skills", json={key: values[:CAP]}, headers=headers)).status_code == 200


@pytest.mark.parametrize("kind", ["technical", "soft"])
async def test_adding_skills_stops_at_the_cap_but_a_known_skill_is_no_addition(
    capped: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    url = f"{PROFILES}/{profile['id']}/skills/{kind}"
    await capped.put(f"{PROFILES}/{profile['id']}/skills", json={kind: []}, headers=headers)

    response = await capped.post(url, json={"skills": ["A", "B", "C"]}, headers=headers)
    assert response.status_code == 200
    assert (await capped.post(url, json={"skills": ["a", "B "]}, headers=headers)).status_code == 200
    assert_too_many(await capped.post(url, json={"skills": ["D"]}, headers=headers))
    assert count(await stored(capped, headers, profile["id"]), kind) == CAP


async def test_a_json_resume_is_imported_only_when_each_section_fits(capped: httpx.AsyncClient):
    headers = await sign_up(capped)
    basics = {"name": "Grace Hopper", "email": "grace@example.com"}
    work = [{"name": "Navy", "position": f"Officer {i}", "startDate": "1943-12"} for i in range(CAP + 1)]
    url = f"{PROFILES}/import/json-resume"

    assert_too_many(await capped.post(url, json={"basics": basics, "work": work}, headers=headers))
    keywords = [f"Skill {i}" for i in range(CAP + 1)]
    body = {"basics": basics, "skills": [{"name": "Languages", "keywords": keywords}]}
    assert_too_many(await capped.post(url, json=body, headers=headers))

    work[0].pop("position")  # skipped: what is left fits
    response = await capped.post(url, json={"basics": basics, "work": work}, headers=headers)
    assert response.status_code == 201, response.text
    assert len(response.json()["profile"]["experiences"]) == CAP
    assert (await capped.get(f"{PROFILES}", headers=headers)).json()["total"] == 1


async def test_a_json_resume_with_more_entries_than_the_schema_ceiling_is_a_422_not_a_500(
    client: httpx.AsyncClient,
):
    headers = await sign_up(client)
    work = [{"name": "Navy", "position": "Officer", "startDate": "1943-12"}] * (SECTION_ITEMS_CEILING + 1)
    basics = {"name": "Grace Hopper", "email": "grace@example.com"}
    response = await client.post(
        f"{PROFILES}/import/json-resume", json={"basics": basics, "work": work}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == "too_many_items"


@pytest.mark.parametrize("kind", list(ITEMS))
async def test_a_bulk_delete_naming_more_ids_than_the_cap_is_422(
    capped: httpx.AsyncClient, owner: tuple[dict[str, str], dict], kind: str
):
    headers, profile = owner
    ids = [str(uuid.uuid4()) for _ in range(CAP + 1)]
    url = f"{PROFILES}/{profile['id']}/{kind}"
    assert_too_many(await capped.request("DELETE", url, json={"ids": ids}, headers=headers))
    response = await capped.request("DELETE", url, json={"ids": ids[:CAP]}, headers=headers)
    assert response.status_code == 204


async def test_the_default_cap_is_a_hundred_items(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    url = f"{PROFILES}/{profile['id']}/projects"

    response = await client.post(url, json=[make_project() for _ in range(99)], headers=headers)
    assert response.status_code == 201
    response = await client.post(url, json=make_project(), headers=headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "A profile holds at most 100 projects", "code": "too_many_items"}


async def test_one_body_past_the_schema_ceiling_is_a_schema_error(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    body = [{"name": "P", "description": "D"}] * (SECTION_ITEMS_CEILING + 1)

    response = await client.post(f"{PROFILES}/{profile['id']}/projects", json=body, headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "too_long"


async def test_the_schemas_declare_max_items_on_each_list_a_body_carries(client: httpx.AsyncClient):
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]

    def max_items(schema: dict[str, Any]) -> int | None:
        found = [option.get("maxItems") for option in schema.get("anyOf", [schema])]
        return next((value for value in found if value is not None), None)

    for name, field in [
        ("ProfileCreate", "experiences"),
        ("ProfileUpdate", "projects"),
        ("SkillsIn", "certifications"),
        ("SkillsIn", "technical"),
        ("SkillNames", "skills"),
        ("CertificationIds", "certification_ids"),
    ]:
        assert max_items(schemas[name]["properties"][field]) == SECTION_ITEMS_CEILING, (name, field)
    assert max_items(schemas["ExperienceBatch"]) == SECTION_ITEMS_CEILING


async def test_a_thousand_certification_ids_are_deleted_in_one_request(database_url: str):
    settings = make_settings(database_url, profile_max_items_per_section=SECTION_ITEMS_CEILING)
    async with running_app(settings) as app, make_client(app) as client:
        headers = await sign_up(client)
        profile = await create_profile(client, headers, skills={"certifications": [make_certification()]})
        other_headers = await sign_up(client, "grace@example.com")
        other = await create_profile(client, other_headers, skills={"certifications": [make_certification()]})
        mine = profile["skills"]["certifications"][0]["id"]
        ids = [mine, *(str(uuid.uuid4()) for _ in range(SECTION_ITEMS_CEILING - 1))]
        url = f"{PROFILES}/{profile['id']}/certifications"

        response = await client.request("DELETE", url, json={"certification_ids": ids}, headers=headers)

        assert response.status_code == 204, response.text
        assert (await stored(client, headers, profile["id"]))["skills"]["certifications"] == []
        ids[-1] = other["skills"]["certifications"][0]["id"]  # another user's: ignored like the others
        response = await client.request("DELETE", url, json={"certification_ids": ids}, headers=headers)
        assert response.status_code == 204
        assert (await stored(client, other_headers, other["id"]))["skills"]["certifications"] != []
