"""Profile input rules as the server enforces them and as the OpenAPI document declares them: the
lists inside an item, links, dates, and bodies the server takes matching their declared schema."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.presentation.schemas.profile_fields import ITEM_LIST_MAX
from tests.e2e.openapi_declared import answer_errors, request_errors
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

ITEM_LISTS = [
    ("experiences", make_experience, "achievements", 500),
    ("experiences", make_experience, "technologies", 100),
    ("education", make_education, "honors", 500),
    ("education", make_education, "relevant_coursework", 500),
    ("projects", make_project, "technologies", 100),
    ("projects", make_project, "highlights", 500),
]
MODELS = {"experiences": "Experience", "education": "Education", "projects": "Project"}


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    body: dict[str, Any] = (await client.get("/openapi.json")).json()
    return body


@pytest.mark.parametrize(("section", "make", "field", "length"), ITEM_LISTS)
async def test_a_list_inside_an_item_holds_at_most_fifty_entries_as_declared(
    client: httpx.AsyncClient, section: str, make: Any, field: str, length: int
):
    headers = await sign_up(client)
    profile = await create_profile(client, headers)
    url = f"{PROFILES}/{profile['id']}/{section}"
    full = make(**{field: [f"{field} {i}" for i in range(ITEM_LIST_MAX)]})
    longest = make(**{field: ["x" * length]})

    added = await client.post(url, json=[full, longest], headers=headers)
    too_many = await client.post(url, json=make(**{field: ["x"] * (ITEM_LIST_MAX + 1)}), headers=headers)
    too_long = await client.post(url, json=make(**{field: ["x" * (length + 1)]}), headers=headers)

    assert added.status_code == 201, added.text
    assert too_many.json()["detail"][0]["type"] == "too_long"
    assert too_long.json()["detail"][0]["type"] == "string_too_long"
    schemas = (await openapi(client))["components"]["schemas"]
    for model in (f"{MODELS[section]}In", f"{MODELS[section]}Patch"):
        listed = schemas[model]["properties"][field]["anyOf"][0]
        assert (listed["maxItems"], listed["items"]["maxLength"]) == (ITEM_LIST_MAX, length), model


async def test_links_are_answered_as_uris_and_declared_so(client: httpx.AsyncClient):
    headers = await sign_up(client)
    body = make_profile_body(
        personal_info={
            "full_name": "José Núñez",
            "email": "jose@example.com",
            "linkedin": "linkedin.com/in/josé-núñez",
            "github": "https://github.com/jose",
        },
        projects=[make_project(url="example.com/motor?q=ñ", repository_url="github.com/jose/motor")],
        skills={"certifications": [make_certification(url="https://cert.example.org/ü")]},
    )

    response = await client.post(PROFILES, json=body, headers=headers)

    assert response.status_code == 201, response.text
    profile = response.json()
    assert profile["personal_info"]["linkedin"] == "https://linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez"
    assert profile["projects"][0]["url"] == "https://example.com/motor?q=%C3%B1"
    assert profile["projects"][0]["github_url"] == "https://github.com/jose/motor"
    assert profile["skills"]["certifications"][0]["url"] == "https://cert.example.org/%C3%BC"
    document = await openapi(client)
    assert answer_errors(document, "POST", "/api/v1/profiles", 201, profile) == []
    assert request_errors(document, "POST", "/api/v1/profiles", body) == []
    schemas = document["components"]["schemas"]
    assert schemas["PersonalInfoOut"]["properties"]["linkedin"]["anyOf"][0]["format"] == "uri"
    declared = schemas["PersonalInfoIn"]["properties"]["linkedin"]["anyOf"][0]
    assert (declared["format"], declared["maxLength"]) == ("iri-reference", 500)


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/<x>",
        "https://example.com/a|b",
        "https://example.com/%zz",
        "https://example.com/#a#b",
    ],
)
async def test_a_link_no_url_may_hold_is_422(client: httpx.AsyncClient, link: str):
    headers = await sign_up(client)
    body = make_profile_body(personal_info={"full_name": "Ada", "email": "ada@example.com", "website": link})
    response = await client.post(PROFILES, json=body, headers=headers)
    assert response.status_code == 422
    assert request_errors(await openapi(client), "POST", "/api/v1/profiles", body) != []


async def test_answered_dates_are_declared_as_dates(client: httpx.AsyncClient):
    schemas = (await openapi(client))["components"]["schemas"]
    assert schemas["ExperienceOut"]["properties"]["start_date"]["format"] == "date"
    assert schemas["ExperienceOut"]["properties"]["end_date"]["anyOf"][0]["format"] == "date"
    assert schemas["CertificationOut"]["properties"]["date_obtained"]["format"] == "date"
    assert "pattern" in schemas["ExperienceIn"]["properties"]["start_date"]


async def test_bodies_the_server_takes_match_their_declared_schemas(client: httpx.AsyncClient):
    """Nulls read as empty values, blank optional fields, timestamps and partial dates, every bulk body
    shape, a new item in a bulk PUT and both DELETE keys: the schema may not refuse any of them."""
    headers = await sign_up(client)
    document = await openapi(client)
    lenient = make_profile_body(
        experiences=[
            make_experience(
                start_date="2019-03-01T09:30:00.000+01:00",
                end_date="",
                is_current=None,
                achievements=None,
                technologies=["Go", ""],
                location="",
            )
        ],
        education=[make_education(field_of_study=None, honors=None, end_date=None, start_date="2012")],
        projects=[make_project(url="", is_ongoing=None, start_date="2021-06", highlights=None)],
        skills={"technical": None, "languages": [{"name": "Spanish", "proficiency": None}]},
        custom_fields={"nested": {"list": [1, {"deep": True}]}},
    )
    profile_id = (await create_profile(client, headers))["id"]
    item = f"/api/v1/profiles/{profile_id}"
    template = "/api/v1/profiles/{profile_id}"
    stored = (await client.get(f"{PROFILES}/{profile_id}/experiences", headers=headers)).json()
    experience_id = stored["experiences"][0]["id"]
    calls: list[tuple[str, str, str, Any]] = [
        ("POST", "/api/v1/profiles", "/api/v1/profiles", lenient),
        ("PUT", item, template, {"education": lenient["education"], "custom_fields": None}),
        ("POST", f"{item}/experiences", f"{template}/experiences", make_experience()),
        ("POST", f"{item}/experiences", f"{template}/experiences", {"experiences": [make_experience()]}),
        ("POST", f"{item}/education", f"{template}/education", [make_education(id="")]),
        ("PUT", f"{item}/experiences", f"{template}/experiences", [{"id": experience_id, "title": "Lead"}]),
        ("PUT", f"{item}/experiences", f"{template}/experiences", {"id": None, **make_experience()}),
        ("PUT", f"{item}/skills", f"{template}/skills", {"soft": ["Writing"], "technical": None}),
        ("POST", f"{item}/skills/technical", f"{template}/skills/technical", {"skills": ["Rust", ""]}),
        ("POST", f"{item}/custom-fields", f"{template}/custom-fields", {"fields": {"a": 1}}),
        ("DELETE", f"{item}/experiences", f"{template}/experiences", {"ids": [experience_id]}),
        ("DELETE", f"{item}/projects", f"{template}/projects", {"project_ids": ["not-a-uuid"]}),
    ]
    for method, url, path, body in calls:
        response = await client.request(method, url, json=body, headers=headers)
        assert response.is_success, (method, url, response.text)
        assert request_errors(document, method, path, body) == [], (method, url)
