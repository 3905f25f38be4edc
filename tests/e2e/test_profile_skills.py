"""Skills and custom fields over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.profile_builders import PROFILES, create_profile, make_certification, sign_up


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    headers = await sign_up(client)
    profile = await create_profile(
        client, headers, skills={"technical": ["Python", "SQL"], "soft": ["Writing"]}
    )
    return headers, f"{PROFILES}/{profile['id']}"


async def test_skills_answer_all_four_keys(client: httpx.AsyncClient, owner: tuple[dict[str, str], str]):
    headers, base = owner
    response = await client.get(f"{base}/skills", headers=headers)
    assert response.json() == {
        "technical": ["Python", "SQL"],
        "soft": ["Writing"],
        "languages": [],
        "certifications": [],
    }


async def test_skills_put_replaces_the_keys_it_sends(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str]
):
    headers, base = owner
    body = {
        "technical": ["Go", "go", "Rust"],
        "languages": [{"name": "French", "proficiency": "Fluent"}, {"name": "Latin"}],
        "certifications": [make_certification()],
    }
    response = await client.put(f"{base}/skills", json=body, headers=headers)

    skills = response.json()
    assert response.status_code == 200
    assert skills["technical"] == ["Go", "Rust"]
    assert skills["soft"] == ["Writing"]
    assert skills["languages"] == [
        {"name": "French", "proficiency": "fluent"},
        {"name": "Latin", "proficiency": ""},
    ]
    certification = skills["certifications"][0]
    assert certification["name"] == "Certified Kubernetes Administrator"
    assert certification["id"]

    renamed = {**certification, "name": "CKA"}
    again = await client.put(f"{base}/skills", json={"certifications": [renamed]}, headers=headers)
    assert again.json()["certifications"] == [renamed]
    assert again.json()["technical"] == ["Go", "Rust"]


@pytest.mark.parametrize("kind", ["technical", "soft"])
async def test_adding_skills_skips_case_insensitive_duplicates_and_keeps_the_stored_spelling(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str], kind: str
):
    headers, base = owner
    await client.put(f"{base}/skills", json={kind: ["Python"]}, headers=headers)
    response = await client.post(
        f"{base}/skills/{kind}", json={"skills": ["PYTHON", "Docker", "docker", " "]}, headers=headers
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": f"{kind.capitalize()} skills added",
        f"{kind}_skills": ["Python", "Docker"],
    }


@pytest.mark.parametrize("kind", ["technical", "soft"])
async def test_removing_skills_is_case_insensitive_and_an_absent_one_is_no_error(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str], kind: str
):
    headers, base = owner
    await client.put(f"{base}/skills", json={kind: ["Python", "SQL"]}, headers=headers)
    response = await client.request(
        "DELETE", f"{base}/skills/{kind}", json={"skills": ["python", "Cobol"]}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()[f"{kind}_skills"] == ["SQL"]


@pytest.mark.parametrize("body", [{}, {"skills": "Python"}, {"skills": ["x" * 101]}, {"skills": [1]}])
async def test_skill_bodies_are_validated(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str], body: Any
):
    headers, base = owner
    response = await client.post(f"{base}/skills/technical", json=body, headers=headers)
    assert response.status_code == 422


async def test_custom_fields_are_a_bare_map_replaced_by_put_and_merged_by_post(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str]
):
    headers, base = owner
    assert (await client.get(f"{base}/custom-fields", headers=headers)).json() == {}

    put = await client.put(f"{base}/custom-fields", json={"a": 1, "b": {"nested": [1, 2]}}, headers=headers)
    merged = await client.post(f"{base}/custom-fields", json={"b": None, "c": "three"}, headers=headers)
    replaced = await client.put(f"{base}/custom-fields", json={"fields": {"only": True}}, headers=headers)

    assert put.json() == {"a": 1, "b": {"nested": [1, 2]}}
    assert merged.json() == {"a": 1, "b": None, "c": "three"}
    assert replaced.json() == {"only": True}
    assert (await client.get(f"{base}/custom-fields", headers=headers)).json() == {"only": True}


async def test_a_fields_key_beside_others_is_an_ordinary_custom_field(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str]
):
    headers, base = owner
    response = await client.put(f"{base}/custom-fields", json={"fields": {"x": 1}, "y": 2}, headers=headers)
    assert response.json() == {"fields": {"x": 1}, "y": 2}


@pytest.mark.parametrize(
    "body",
    [
        {"": "empty key"},
        {"k" * 51: "long key"},
        {f"key{i}": i for i in range(101)},
        ["not", "a", "map"],
    ],
)
async def test_custom_field_limits_are_422(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str], body: Any
):
    headers, base = owner
    assert (await client.put(f"{base}/custom-fields", json=body, headers=headers)).status_code == 422


async def test_a_merge_past_100_fields_is_422_and_changes_nothing(
    client: httpx.AsyncClient, owner: tuple[dict[str, str], str]
):
    headers, base = owner
    await client.put(f"{base}/custom-fields", json={f"a{i}": i for i in range(60)}, headers=headers)
    response = await client.post(
        f"{base}/custom-fields", json={f"b{i}": i for i in range(41)}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == "custom_fields_limit"
    assert len((await client.get(f"{base}/custom-fields", headers=headers)).json()) == 60
