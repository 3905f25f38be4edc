"""JSON Resume v1.0.0 export and import over HTTP, checked against the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator

from tests.profile_builders import PROFILES, create_profile, make_certification, make_experience, sign_up

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "schemas" / "json-resume-v1.0.0.schema.json").read_text()
)
IMPORT = f"{PROFILES}/import/json-resume"


def assert_valid_json_resume(document: dict[str, Any]) -> None:
    errors = [
        e.message
        for e in Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(document)
    ]
    assert errors == []


def assert_no_empty_values(value: Any) -> None:
    if isinstance(value, dict):
        assert all(item not in (None, "", [], {}) for item in value.values()), value
        for item in value.values():
            assert_no_empty_values(item)
    elif isinstance(value, list):
        for item in value:
            assert_no_empty_values(item)


def make_resume(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "basics": {
            "name": "Grace Hopper",
            "label": "Rear Admiral",
            "email": "grace@example.com",
            "phone": "+1 555 0100",
            "url": "https://grace.example.com",
            "summary": "Pioneer of compilers and of machine-independent programming languages.",
            "location": {"city": "Arlington", "region": "Virginia", "countryCode": "US"},
            "profiles": [
                {"network": "LinkedIn", "url": "https://www.linkedin.com/in/grace"},
                {"network": "GitHub", "username": "grace"},
                {"network": "Mastodon", "username": "grace@navy.social"},
            ],
        },
        "work": [
            {
                "name": "Eckert-Mauchly",
                "position": "Senior Mathematician",
                "location": "Philadelphia",
                "startDate": "1949-06",
                "endDate": "1952-01-31",
                "summary": "Wrote the first linker and the A-0 system for UNIVAC I.",
                "highlights": ["A-0 compiler"],
            },
            {"name": "US Navy", "position": "Director", "startDate": "1967"},
            {"name": "No position here", "startDate": "1940"},
        ],
        "education": [
            {
                "institution": "Yale University",
                "studyType": "PhD",
                "area": "Mathematics",
                "startDate": "1930",
                "endDate": "1934",
                "score": "3.9/4.0",
                "courses": ["Number theory"],
            },
            {
                "institution": "Vassar College",
                "studyType": "BA",
                "endDate": "1928",
                "score": "summa cum laude",
            },
        ],
        "projects": [
            {
                "name": "COBOL",
                "description": "Business language",
                "keywords": ["FLOW-MATIC"],
                "url": "https://cobol.example.com",
            },
            {"name": "FLOW-MATIC", "startDate": "1955"},
        ],
        "skills": [
            {"name": "Programming", "level": "Master", "keywords": ["Assembly", "COBOL"]},
            {"name": "Compilers"},
            {"name": "Soft skills", "keywords": ["Teaching"]},
        ],
        "languages": [{"language": "English", "fluency": "Native"}, {"fluency": "Basic"}],
        "certificates": [
            {"name": "Computer Sciences Man of the Year", "issuer": "DPMA", "date": "1969-01-01"}
        ],
        "awards": [
            {"title": "National Medal of Technology", "date": "1991", "awarder": "President of the US"}
        ],
        "volunteer": [{"organization": "Navy Reserve", "position": "Officer"}],
        "publications": [{"name": "The Education of a Computer", "releaseDate": "1952"}],
        "interests": [{"name": "Nanoseconds", "keywords": ["wire"]}],
        "references": [{"name": "Howard Aiken", "reference": "Sharp."}],
        "meta": {"version": "v1.0.0"},
    }
    document.update(overrides)
    return document


async def test_the_export_validates_against_the_json_resume_schema(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(
        client,
        headers,
        personal_info={
            "full_name": "Ada Lovelace",
            "email": "ada@example.com",
            "location": "London",
            "linkedin": "https://www.linkedin.com/in/ada",
            "github": "https://github.com/ada",
            "website": "ada.example.com",
        },
        skills={
            "technical": ["Python"],
            "soft": ["Writing"],
            "languages": [{"name": "French"}],
            "certifications": [make_certification(url="https://cncf.example.com/cka")],
        },
        experiences=[make_experience(is_current=True, end_date=None, location=None)],
    )
    response = await client.get(f"{PROFILES}/{profile['id']}/json-resume", headers=headers)

    assert response.status_code == 200
    document = response.json()
    assert_valid_json_resume(document)
    assert_no_empty_values(document)
    assert document["$schema"].startswith("https://")
    assert document["meta"]["version"] == "v1.0.0"
    assert document["meta"]["lastModified"].startswith(profile["updated_at"][:19])
    assert document["basics"]["location"] == {"city": "London"}
    assert document["basics"]["profiles"] == [
        {"network": "LinkedIn", "url": "https://www.linkedin.com/in/ada"},
        {"network": "GitHub", "url": "https://github.com/ada"},
    ]
    assert "endDate" not in document["work"][0]
    assert document["skills"] == [
        {"name": "Technical", "keywords": ["Python"]},
        {"name": "Soft skills", "keywords": ["Writing"]},
    ]
    assert document["education"][0]["score"] == "3.8"
    assert set(document) <= set(SCHEMA["properties"])


async def test_the_enhanced_export_prefers_enhanced_texts(client: httpx.AsyncClient):
    headers = await sign_up(client)
    profile = await create_profile(
        client,
        headers,
        enhanced_professional_summary="Enhanced summary",
        experiences=[make_experience(description="Plain", enhanced_description="Enhanced work")],
    )
    url = f"{PROFILES}/{profile['id']}/json-resume"
    plain = (await client.get(url, headers=headers)).json()
    enhanced = (await client.get(f"{url}?enhanced=true", headers=headers)).json()

    assert plain["basics"]["summary"] == profile["professional_summary"]
    assert plain["work"][0]["summary"] == "Plain"
    assert enhanced["basics"]["summary"] == "Enhanced summary"
    assert enhanced["work"][0]["summary"] == "Enhanced work"
    assert_valid_json_resume(enhanced)


async def test_import_maps_every_section_and_lists_what_it_skipped(client: httpx.AsyncClient):
    headers = await sign_up(client)
    response = await client.post(IMPORT, json=make_resume(), headers=headers)

    assert response.status_code == 201, response.text
    profile, skipped = response.json()["profile"], response.json()["skipped"]
    assert profile["is_primary"] is True
    assert profile["personal_info"] == {
        "full_name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 555 0100",
        "location": "Arlington, Virginia, US",
        "linkedin": "https://www.linkedin.com/in/grace",
        "github": "https://github.com/grace",
        "website": "https://grace.example.com",
    }
    first, current = profile["experiences"]
    assert (first["company"], first["title"], first["start_date"], first["end_date"]) == (
        "Eckert-Mauchly",
        "Senior Mathematician",
        "1949-06-01",
        "1952-01-31",
    )
    assert (first["achievements"], first["is_current"]) == (["A-0 compiler"], False)
    assert (current["is_current"], current["end_date"]) == (True, None)
    phd, ba = profile["education"]
    assert (phd["degree"], phd["field_of_study"], phd["gpa"], phd["relevant_coursework"]) == (
        "PhD",
        "Mathematics",
        3.9,
        ["Number theory"],
    )
    assert (ba["start_date"], ba["gpa"]) == ("1928-01-01", None)
    assert [p["description"] for p in profile["projects"]] == ["Business language", "FLOW-MATIC"]
    assert profile["projects"][0]["technologies"] == ["FLOW-MATIC"]
    assert profile["skills"]["technical"] == ["Assembly", "COBOL", "Compilers"]
    assert profile["skills"]["soft"] == ["Teaching"]
    assert profile["skills"]["languages"] == [{"name": "English", "proficiency": "native"}]
    assert profile["skills"]["certifications"][0]["date_obtained"] == "1969-01-01"
    kept = profile["custom_fields"]["json_resume"]
    assert kept["label"] == "Rear Admiral"
    assert kept["awards"][0]["title"] == "National Medal of Technology"
    assert kept["profiles"] == [{"network": "Mastodon", "username": "grace@navy.social"}]
    assert {(s["section"], s["index"]) for s in skipped} == {("work", 2), ("languages", 1)}
    assert any("position" in s["reason"] for s in skipped)


async def test_export_import_export_is_lossless(client: httpx.AsyncClient):
    headers = await sign_up(client)
    imported = (await client.post(IMPORT, json=make_resume(), headers=headers)).json()["profile"]
    first = (await client.get(f"{PROFILES}/{imported['id']}/json-resume", headers=headers)).json()
    assert_valid_json_resume(first)

    again = (await client.post(IMPORT, json=first, headers=headers)).json()
    second = (await client.get(f"{PROFILES}/{again['profile']['id']}/json-resume", headers=headers)).json()

    assert again["skipped"] == []
    first["meta"].pop("lastModified")
    second["meta"].pop("lastModified")
    assert second == first
    assert first["awards"] == make_resume()["awards"]


async def test_kept_sections_edited_into_something_invalid_are_left_out_of_the_export(
    client: httpx.AsyncClient,
):
    headers = await sign_up(client)
    profile = await create_profile(client, headers, custom_fields={"json_resume": {"awards": "not a list"}})
    document = (await client.get(f"{PROFILES}/{profile['id']}/json-resume", headers=headers)).json()
    assert "awards" not in document
    assert_valid_json_resume(document)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"work": [{"name": "X", "position": "Y", "startDate": "2020/01"}]}, "work[0].startDate"),
        ({"basics": {"name": "Grace", "email": "grace@example.com", "profiles": "x"}}, "basics.profiles"),
        ({"unknown_section": []}, "$"),
        ({"basics": {"name": "Grace"}}, "basics.email"),
        ({"basics": {"email": "grace@example.com"}}, "basics.name"),
        ({"basics": {"name": "Grace", "email": "grace(at)example.com"}}, "basics.email"),
    ],
)
async def test_an_invalid_document_is_422_with_the_failing_path(
    client: httpx.AsyncClient, change: dict[str, Any], path: str
):
    headers = await sign_up(client)
    response = await client.post(IMPORT, json=make_resume(**change), headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_json_resume"
    assert response.json()["detail"].startswith(f"{path}:")
    assert (await client.get(PROFILES, headers=headers)).json()["total"] == 0


async def test_an_import_over_one_mebibyte_is_413(client: httpx.AsyncClient):
    headers = await sign_up(client)
    document = make_resume(references=[{"name": "Long", "reference": "x" * (1024 * 1024)}])
    response = await client.post(IMPORT, json=document, headers=headers)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


async def test_a_json_resume_export_of_another_users_profile_is_404(client: httpx.AsyncClient):
    owner = await sign_up(client, "owner@example.com")
    profile = await create_profile(client, owner)
    other = await sign_up(client, "other@example.com")
    response = await client.get(f"{PROFILES}/{profile['id']}/json-resume", headers=other)
    assert response.status_code == 404


async def test_parts_longer_than_a_profile_holds_are_skipped_not_a_500(client: httpx.AsyncClient):
    headers = await sign_up(client)
    resume = make_resume()
    document = make_resume(
        basics={**resume["basics"], "summary": "s" * 2001},
        skills=[{"name": "Programming", "keywords": ["COBOL", "k" * 101]}, {"name": "n" * 101}],
        work=[{**resume["work"][0], "highlights": ["h"] * 51}, resume["work"][1]],
    )

    response = await client.post(IMPORT, json=document, headers=headers)

    assert response.status_code == 201, response.text
    profile, skipped = response.json()["profile"], response.json()["skipped"]
    assert profile["professional_summary"] is None
    assert profile["skills"]["technical"] == ["COBOL"]
    assert [experience["company"] for experience in profile["experiences"]] == ["US Navy"]
    assert {(s["section"], s["index"]) for s in skipped} >= {
        ("basics", 0),
        ("skills", 0),
        ("skills", 1),
        ("work", 0),
    }
