"""A tailored resume holds its enhanced texts to the user's own words, whichever of them are enhanced."""

from __future__ import annotations

import httpx

from tests.e2e.generation_helpers import API, applicant, generate


def _entries(resume: dict, section: str) -> dict[str, dict]:
    sections = resume["content_structured"]["sections"]
    found = next(item for item in sections if item["type"] == section)
    return {entry["id"]: entry for entry in found["entries"]}


async def test_a_profile_never_enhanced_gives_a_resume_of_the_users_own_texts(client: httpx.AsyncClient):
    who = await applicant(client)
    response = await generate(client, who, max_experiences=3, max_projects=2)
    assert response.status_code == 201, response.text
    resume = response.json()
    assert resume["llm_metadata"]["truthfulness_guard"]["removed"] == []
    entries = _entries(resume, "experience")
    for item in who.profile["experiences"]:
        assert entries[item["id"]]["description"] == item["description"]
    assert resume["content_used"]["summary_enhanced"] is False


async def test_one_enhanced_text_that_invents_an_employer_loses_that_sentence_only(
    client: httpx.AsyncClient,
):
    who = await applicant(client)
    lead, chef, _developer = (item["id"] for item in who.profile["experiences"])
    enhanced = "Designed Python REST APIs for payments. Previously led the payments team at Stripe."
    response = await client.put(
        f"{API}/profiles/{who.profile['id']}/experiences",
        json=[{"id": lead, "enhanced_description": enhanced}],
        headers=who.headers,
    )
    assert response.status_code == 200, response.text

    response = await generate(client, who, max_experiences=3, max_projects=2)
    assert response.status_code == 201, response.text
    resume = response.json()
    assert "Stripe" not in resume["content_text"]
    entries = _entries(resume, "experience")
    assert entries[lead]["description"] == "Designed Python REST APIs for payments."
    chef_text = next(item["description"] for item in who.profile["experiences"] if item["id"] == chef)
    assert entries[chef]["description"] == chef_text  # not enhanced: the user's own text, untouched
    removed = resume["llm_metadata"]["truthfulness_guard"]["removed"]
    assert [(item["kind"], item["value"]) for item in removed] == [("employer", "Stripe")]
