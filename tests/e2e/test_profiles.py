"""Profile CRUD, the primary profile and the mobile client's payloads over HTTP."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.profile_builders import (
    PROFILES,
    create_profile,
    make_education,
    make_experience,
    make_profile_body,
    sign_up,
    user_id_of,
)


async def test_the_first_profile_is_primary_and_is_answered_by_me(client: httpx.AsyncClient):
    headers = await sign_up(client)
    assert (await client.get(f"{PROFILES}/me", headers=headers)).json()["code"] == "profile_not_found"

    created = await create_profile(client, headers)
    me = await client.get(f"{PROFILES}/me", headers=headers)

    assert created["is_primary"] is True
    assert me.status_code == 200
    assert me.json() == created
    assert created["user_id"] == await user_id_of(client, headers)
    assert created["skills"] == {
        "technical": ["Python", "SQL"],
        "soft": ["Writing"],
        "languages": [],
        "certifications": [],
    }
    assert created["experiences"][0]["title"] == "Backend Engineer"
    assert created["enhancement_metadata"] == {}


async def test_me_without_a_profile_is_404_profile_not_found(client: httpx.AsyncClient):
    response = await client.get(f"{PROFILES}/me", headers=await sign_up(client))
    assert response.status_code == 404
    assert response.json() == {"detail": "Profile not found", "code": "profile_not_found"}


async def test_profile_routes_need_a_bearer_token(client: httpx.AsyncClient):
    response = await client.get(f"{PROFILES}/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


async def test_a_second_profile_is_not_primary_until_a_put_moves_primary_there(client: httpx.AsyncClient):
    headers = await sign_up(client)
    first = await create_profile(client, headers)
    second = await create_profile(client, headers, professional_summary="Second")
    assert second["is_primary"] is False

    moved = await client.put(f"{PROFILES}/{second['id']}", json={"is_primary": True}, headers=headers)
    assert moved.status_code == 200
    assert moved.json()["is_primary"] is True
    assert (await client.get(f"{PROFILES}/me", headers=headers)).json()["id"] == second["id"]
    assert (await client.get(f"{PROFILES}/{first['id']}", headers=headers)).json()["is_primary"] is False

    ignored = await client.put(f"{PROFILES}/{second['id']}", json={"is_primary": False}, headers=headers)
    assert ignored.json()["is_primary"] is True


async def test_is_primary_is_ignored_on_create(client: httpx.AsyncClient):
    headers = await sign_up(client)
    await create_profile(client, headers)
    second = await create_profile(client, headers, is_primary=True)
    assert second["is_primary"] is False


async def test_the_list_is_paginated_primary_first_then_oldest(client: httpx.AsyncClient):
    headers = await sign_up(client)
    ids = [(await create_profile(client, headers, professional_summary=f"P{i}"))["id"] for i in range(3)]
    await client.put(f"{PROFILES}/{ids[2]}", json={"is_primary": True}, headers=headers)

    page = (await client.get(f"{PROFILES}?limit=2", headers=headers)).json()
    rest = (await client.get(f"{PROFILES}?limit=2&offset=2", headers=headers)).json()

    assert [p["id"] for p in page["profiles"]] == [ids[2], ids[0]]
    assert page["total"] == 3
    assert page["pagination"] == {"limit": 2, "offset": 0, "total": 3, "hasMore": True}
    assert [p["id"] for p in rest["profiles"]] == [ids[1]]
    assert rest["pagination"]["hasMore"] is False
    assert page["profiles"][0]["experiences"][0]["company"] == "Analytical Engines Ltd"


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1"])
async def test_bad_pagination_is_422(client: httpx.AsyncClient, query: str):
    response = await client.get(f"{PROFILES}?{query}", headers=await sign_up(client))
    assert response.status_code == 422


async def test_the_mobile_client_payload_with_empty_ids_and_timestamps_is_accepted(client: httpx.AsyncClient):
    headers = await sign_up(client)
    body = make_profile_body(
        id="",
        user_id=0,
        created_at="2024-01-01T00:00:00.000",
        updated_at="2024-01-01T00:00:00.000",
        enhancement_metadata={"ignored": True},
        enhanced_summary="Sharper summary",
        experiences=[make_experience(id="", start_date="2019-03-01T00:00:00.000", end_date="2021")],
        education=[make_education(id="", start_date="2012-09")],
        projects=[{"id": "", "name": "Engine", "description": "Calc", "repository_url": "github.com/ada/e"}],
        custom_fields={"hobby": "chess"},
    )
    response = await client.post(PROFILES, json=body, headers=headers)

    assert response.status_code == 201, response.text
    profile = response.json()
    assert uuid.UUID(profile["id"])
    assert profile["user_id"] == await user_id_of(client, headers)
    assert profile["enhanced_professional_summary"] == "Sharper summary"
    assert profile["enhancement_metadata"] == {}
    assert profile["experiences"][0]["start_date"] == "2019-03-01"
    assert profile["experiences"][0]["end_date"] == "2021-01-01"
    assert uuid.UUID(profile["experiences"][0]["id"])
    assert profile["education"][0]["start_date"] == "2012-09-01"
    assert profile["projects"][0]["github_url"] == "https://github.com/ada/e"
    assert profile["custom_fields"] == {"hobby": "chess"}
    assert profile["created_at"].endswith("Z")

    again = {**profile, "id": "", "user_id": 0, "professional_summary": "Whole profile PUT back"}
    put = await client.put(f"{PROFILES}/{profile['id']}", json=again, headers=headers)
    assert put.status_code == 200, put.text
    assert put.json()["experiences"][0]["id"] == profile["experiences"][0]["id"]
    assert put.json()["professional_summary"] == "Whole profile PUT back"


async def test_a_put_list_replaces_the_stored_one(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(
        client, headers, experiences=[make_experience(title="Kept"), make_experience(title="Dropped")]
    )
    kept = profile["experiences"][0]
    body = {
        "experiences": [
            make_experience(title="New first", id=""),
            {**kept, "title": "Kept and renamed"},
            make_experience(title="Unknown id is new", id=str(uuid.uuid4())),
        ]
    }
    response = await client.put(f"{PROFILES}/{profile['id']}", json=body, headers=headers)

    experiences = response.json()["experiences"]
    assert [e["title"] for e in experiences] == ["New first", "Kept and renamed", "Unknown id is new"]
    assert experiences[1]["id"] == kept["id"]
    assert body["experiences"][2]["id"] not in {e["id"] for e in experiences}
    assert response.json()["education"] == profile["education"]  # absent lists are unchanged
    stored = (await client.get(f"{PROFILES}/{profile['id']}", headers=headers)).json()
    assert [e["title"] for e in stored["experiences"]] == [
        "New first",
        "Kept and renamed",
        "Unknown id is new",
    ]


async def test_a_put_changes_only_what_it_sends_and_bumps_updated_at(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    response = await client.put(
        f"{PROFILES}/{profile['id']}",
        json={
            "personal_info": {"full_name": "Ada King", "email": "ada@example.com"},
            "professional_summary": None,
        },
        headers=headers,
    )
    updated = response.json()
    assert updated["personal_info"]["full_name"] == "Ada King"
    assert updated["personal_info"]["phone"] is None  # personal_info is replaced as a whole
    assert updated["professional_summary"] is None
    assert updated["skills"] == profile["skills"]
    assert updated["updated_at"] > profile["updated_at"]
    assert updated["created_at"] == profile["created_at"]


async def test_an_invalid_nested_item_in_a_put_changes_nothing(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    body = {
        "professional_summary": "Should not be saved",
        "experiences": [
            make_experience(id=""),
            make_experience(start_date="2020-01-01", end_date="2019-01-01"),
        ],
    }
    response = await client.put(f"{PROFILES}/{profile['id']}", json=body, headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_dates"
    assert "experiences[1]" in response.json()["detail"]
    stored = (await client.get(f"{PROFILES}/{profile['id']}", headers=headers)).json()
    assert stored == profile


async def test_deleting_the_primary_while_others_exist_is_400_and_the_last_one_can_go(
    client: httpx.AsyncClient,
):
    headers = await sign_up(client)
    primary = await create_profile(client, headers)
    other = await create_profile(client, headers)

    refused = await client.delete(f"{PROFILES}/{primary['id']}", headers=headers)
    assert refused.status_code == 400
    assert refused.json()["code"] == "primary_profile_delete"

    assert (await client.delete(f"{PROFILES}/{other['id']}", headers=headers)).status_code == 204
    assert (await client.delete(f"{PROFILES}/{primary['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{PROFILES}/me", headers=headers)).status_code == 404
    assert (await client.get(PROFILES, headers=headers)).json()["total"] == 0


async def test_a_new_profile_after_deleting_the_last_one_is_primary_again(client: httpx.AsyncClient):
    headers = await sign_up(client)
    first = await create_profile(client, headers)
    await client.delete(f"{PROFILES}/{first['id']}", headers=headers)
    assert (await create_profile(client, headers))["is_primary"] is True


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("", "GET"),
        ("", "PUT"),
        ("", "DELETE"),
        ("/analytics", "GET"),
        ("/json-resume", "GET"),
        ("/experiences", "GET"),
        ("/experiences", "POST"),
        ("/experiences", "PUT"),
        ("/experiences", "DELETE"),
        ("/education", "GET"),
        ("/education", "POST"),
        ("/education", "PUT"),
        ("/education", "DELETE"),
        ("/projects", "POST"),
        ("/projects", "PUT"),
        ("/projects", "DELETE"),
        ("/certifications", "POST"),
        ("/certifications", "PUT"),
        ("/certifications", "DELETE"),
        ("/skills", "GET"),
        ("/skills", "PUT"),
        ("/skills/technical", "POST"),
        ("/skills/technical", "DELETE"),
        ("/skills/soft", "POST"),
        ("/skills/soft", "DELETE"),
        ("/custom-fields", "GET"),
        ("/custom-fields", "PUT"),
        ("/custom-fields", "POST"),
    ],
)
async def test_another_users_profile_is_404_like_an_unknown_or_malformed_id_on_every_route(
    client: httpx.AsyncClient, path: str, method: str
):
    owner = await sign_up(client, "owner@example.com")
    theirs = await create_profile(client, owner)
    intruder = await sign_up(client, "intruder@example.com")
    bodies = {
        "PUT": {},
        "POST": {"skills": ["x"]} if "skills/" in path else [],
        "DELETE": {"ids": [], "skills": ["x"]},
    }
    if path in ("/experiences", "/education", "/projects", "/certifications") and method != "GET":
        bodies["POST"] = bodies["PUT"] = []
    if path == "" and method == "PUT":
        bodies["PUT"] = {"professional_summary": "hijacked"}
    if path.startswith("/custom-fields"):
        bodies["PUT"] = bodies["POST"] = {"k": "v"}
    body = bodies.get(method)

    answers = [
        await client.request(
            method, f"{PROFILES}/{profile_id}{path}", json=body if method != "GET" else None, headers=intruder
        )
        for profile_id in (theirs["id"], str(uuid.uuid4()), "not-a-uuid")
    ]

    assert [a.status_code for a in answers] == [404, 404, 404], [a.text for a in answers]
    assert all(a.json() == {"detail": "Profile not found", "code": "profile_not_found"} for a in answers)
    assert (await client.get(f"{PROFILES}/{theirs['id']}", headers=owner)).json() == theirs


@pytest.mark.parametrize(
    "personal_info",
    [
        {"email": "ada@example.com"},
        {"full_name": "", "email": "ada@example.com"},
        {"full_name": "A" * 101, "email": "ada@example.com"},
        {"full_name": "Ada", "email": "not-an-email"},
        {"full_name": "Ada", "email": "ada@example.com", "phone": "1" * 31},
        {"full_name": "Ada", "email": "ada@example.com", "website": "not a url"},
        {"full_name": "Ada", "email": "ada@example.com", "linkedin": "ftp://linkedin.com/in/ada"},
    ],
)
async def test_invalid_personal_info_is_422(client: httpx.AsyncClient, personal_info: dict[str, str]):
    response = await client.post(
        PROFILES, json=make_profile_body(personal_info=personal_info), headers=await sign_up(client)
    )
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize(
    "overrides",
    [
        {"experiences": [make_experience(start_date="2020-13-01")]},
        {"experiences": [make_experience(start_date="yesterday")]},
        {"experiences": [make_experience(start_date="")]},
        {"experiences": [make_experience(title="T" * 101)]},
        {"experiences": [make_experience(description="d" * 2001)]},
        {"experiences": [make_experience(achievements=["a" * 501])]},
        {"education": [make_education(gpa=4.1)]},
        {"education": [make_education(gpa=-0.1)]},
        {"projects": [{"name": "P", "description": ""}]},
        {"projects": [{"name": "P", "description": "D", "url": "http://exa mple.com"}]},
        {"professional_summary": "s" * 2001},
    ],
)
async def test_invalid_fields_are_422_and_nothing_is_created(client: httpx.AsyncClient, overrides: dict):
    headers = await sign_up(client)
    response = await client.post(PROFILES, json=make_profile_body(**overrides), headers=headers)
    assert response.status_code == 422
    assert (await client.get(PROFILES, headers=headers)).json()["total"] == 0


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (make_experience(start_date="2021-01-01", end_date="2020-01-01"), "before the start"),
        (make_experience(is_current=True, end_date="2022-01-01"), "is_current"),
    ],
)
async def test_inconsistent_dates_are_422_invalid_dates(client: httpx.AsyncClient, item: dict, message: str):
    response = await client.post(
        PROFILES, json=make_profile_body(experiences=[item]), headers=await sign_up(client)
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_dates"
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "extra",
    [
        '"custom_fields": {"x": NaN}',
        '"education": [{"institution": "U", "degree": "B", "start_date": "2001", "gpa": Infinity}]',
    ],
)
async def test_non_finite_numbers_are_422_with_a_json_error_list(client: httpx.AsyncClient, extra: str):
    headers = await sign_up(client)
    raw = '{"personal_info": {"full_name": "A", "email": "a@example.com"}, ' + extra + "}"
    response = await client.post(
        PROFILES, content=raw, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


async def test_strings_are_trimmed_and_empty_list_items_dropped(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(
        client,
        headers,
        personal_info={"full_name": "  Ada  ", "email": "ada@example.com", "phone": "   "},
        experiences=[make_experience(achievements=[" Won ", "", "  "], location="")],
    )
    assert profile["personal_info"]["full_name"] == "Ada"
    assert profile["personal_info"]["phone"] is None
    assert profile["experiences"][0]["achievements"] == ["Won"]
    assert profile["experiences"][0]["location"] is None


async def test_analytics_answer_the_contract_shape_for_a_profile(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(client, headers, experiences=[make_experience(achievements=[])])
    response = await client.get(f"{PROFILES}/{profile['id']}/analytics", headers=headers)

    assert response.status_code == 200
    analytics = response.json()
    assert analytics["profile_id"] == profile["id"]
    assert analytics["completeness_score"] == analytics["completeness"]["overall"]
    assert set(analytics["completeness"]) == {
        "overall",
        "personal_info",
        "professional_summary",
        "experiences",
        "education",
        "skills",
        "projects",
    }
    assert analytics["completeness"]["personal_info"] == 65  # name 25, email 25, phone 15
    assert {"code": "no_achievements", "item_id": profile["experiences"][0]["id"]}.items() <= next(
        w for w in analytics["warnings"] if w["code"] == "no_achievements"
    ).items()
    assert analytics["statistics"]["total_experiences"] == 1
    assert analytics["statistics"]["years_of_experience"] == 3.3  # 2019-03-01 to 2022-06-30
    assert analytics["missing_sections"] == []


async def test_the_profile_api_documents_its_32_endpoints_with_summaries(client: httpx.AsyncClient):
    spec = (await client.get("/openapi.json")).json()
    operations = [
        operation
        for path, item in spec["paths"].items()
        if path.startswith(PROFILES)
        for method, operation in item.items()
        if method in ("get", "post", "put", "delete")
    ]
    assert len(operations) == 32
    assert all(
        op.get("summary") and op.get("description") and op["tags"] == ["profiles"] for op in operations
    )
