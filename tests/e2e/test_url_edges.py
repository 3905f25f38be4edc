"""Web addresses at the edges of what the job and profile URL rules accept: a clear 4xx or a stored URI,
never a 500 or a value the answer's own schema would refuse."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.jobs_helpers import JOBS, expect_error, signed_in
from tests.profile_builders import PROFILES, make_profile_body, sign_up

POSTING = "Registered Nurse\nSt. Anne's Medical Center\nDenver, CO\n\nQualifications:\n- BLS\n"


async def job_count(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(JOBS, headers=headers)).json()["total"]
    return total


async def test_an_address_no_parser_can_split_is_400_url_not_allowed(client: httpx.AsyncClient):
    headers = await signed_in(client)
    response = await client.post(JOBS, json={"url": "ftp://[oops/job"}, headers=headers)  # unclosed [
    expect_error(response, 400, "url_not_allowed")
    assert await job_count(client, headers) == 0


async def test_a_bracketed_host_that_is_no_ipv6_address_is_422(client: httpx.AsyncClient):
    headers = await signed_in(client)
    # Only hex digits and colons, so it has the shape of an IPv6 literal, but "::" may appear once.
    response = await client.post(
        JOBS, json={"raw_text": POSTING, "url": "http://[1::2::3]/job"}, headers=headers
    )
    assert response.status_code == 422, response.text
    assert await job_count(client, headers) == 0


async def test_a_url_within_the_limit_as_sent_but_over_it_once_percent_encoded_is_422(
    client: httpx.AsyncClient,
):
    headers = await signed_in(client)
    url = "https://example.com/" + "é" * 1000  # 1,020 characters sent, 6,020 as a URI

    response = await client.post(JOBS, json={"raw_text": POSTING, "url": url}, headers=headers)

    assert response.status_code == 422, response.text
    assert "at most 2048 characters" in response.text
    assert await job_count(client, headers) == 0


@pytest.mark.parametrize(
    "link",
    [
        "https://[12345::1]/ada",  # hex digits and colons in brackets, but no IPv6 address
        "https://example.com/ada\u3000lovelace",  # an ideographic space is whitespace, not an IRI letter
    ],
)
async def test_a_profile_link_no_uri_can_hold_is_422(client: httpx.AsyncClient, link: str):
    headers = await sign_up(client)
    body = make_profile_body(personal_info={"full_name": "Ada", "email": "ada@example.com", "website": link})
    response = await client.post(PROFILES, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert (await client.get(PROFILES, headers=headers)).json()["total"] == 0


async def test_letters_beyond_the_basic_plane_in_a_link_are_stored_percent_encoded(client: httpx.AsyncClient):
    # A mathematical double-struck A and an emoji: IRI letters outside the basic multilingual plane.
    headers = await sign_up(client)
    body = make_profile_body(
        personal_info={
            "full_name": "Ada",
            "email": "ada@example.com",
            "website": "https://ada.example.com/\U0001d538\U0001f642",
        }
    )
    response = await client.post(PROFILES, json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["personal_info"]["website"] == "https://ada.example.com/%F0%9D%94%B8%F0%9F%99%82"
