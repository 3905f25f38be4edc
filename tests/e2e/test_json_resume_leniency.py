"""JSON Resume import: what a real document carries that a profile cannot hold is skipped and listed,
what would break storage is a 422, and neither is a 500."""

from __future__ import annotations

import httpx

from tests.e2e.test_json_resume import IMPORT, make_resume
from tests.profile_builders import PROFILES, sign_up


async def profile_count(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(PROFILES, headers=headers)).json()["total"]
    return total


async def test_nan_or_infinity_anywhere_in_the_document_is_422_and_nothing_is_stored(
    client: httpx.AsyncClient,
):
    headers = await sign_up(client)
    # Python's json reads NaN and Infinity; PostgreSQL's JSONB cannot hold them.
    body = b'{"basics": {"name": "Grace", "email": "grace@example.com"}, "meta": {"x": [1, NaN]}}'

    response = await client.post(
        IMPORT, content=body, headers={**headers, "content-type": "application/json"}
    )

    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_json_resume"
    assert response.json()["detail"].startswith("$: NaN and Infinity")
    assert await profile_count(client, headers) == 0


async def test_work_that_ends_before_it_starts_is_skipped_naming_the_problem(client: httpx.AsyncClient):
    headers = await sign_up(client)
    resume = make_resume()
    backwards = {"name": "Univac", "position": "Engineer", "startDate": "1960-05", "endDate": "1958-01"}
    document = make_resume(work=[resume["work"][0], backwards])

    response = await client.post(IMPORT, json=document, headers=headers)

    assert response.status_code == 201, response.text
    profile, skipped = response.json()["profile"], response.json()["skipped"]
    assert [experience["company"] for experience in profile["experiences"]] == ["Eckert-Mauchly"]
    [entry] = [s for s in skipped if s["section"] == "work"]
    assert (entry["index"], entry["reason"]) == (1, "end date must not be before the start date")


async def test_a_basics_field_a_profile_cannot_hold_is_skipped_and_the_rest_imported(
    client: httpx.AsyncClient,
):
    headers = await sign_up(client)
    resume = make_resume()
    basics = {**resume["basics"], "phone": "+1 555 0100 extension 12345 ask for Grace"}

    response = await client.post(IMPORT, json=make_resume(basics=basics), headers=headers)

    assert response.status_code == 201, response.text
    info = response.json()["profile"]["personal_info"]
    assert info["phone"] is None
    assert (info["full_name"], info["email"], info["website"]) == (
        "Grace Hopper",
        "grace@example.com",
        "https://grace.example.com",
    )
    [entry] = [s for s in response.json()["skipped"] if s["section"] == "basics"]
    assert entry["reason"].startswith("phone:")
