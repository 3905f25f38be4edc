"""GET /samples, GET and DELETE /samples/{id} over HTTP: lists, detail, ownership and activation."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.samples_helpers import LETTER, sample_ids, upload
from tests.helpers import bearer, register

SUMMARY_FIELDS = {
    "id",
    "user_id",
    "document_type",
    "original_filename",
    "word_count",
    "character_count",
    "line_count",
    "is_active",
    "created_at",
    "updated_at",
}


@pytest.fixture
async def token(client: httpx.AsyncClient) -> str:
    return str((await register(client))["access_token"])


@pytest.fixture
async def other_token(client: httpx.AsyncClient) -> str:
    return str((await register(client, email="bo@example.com"))["access_token"])


async def uploaded(client: httpx.AsyncClient, token: str, document_type: str = "resume") -> str:
    response = await upload(client, token, document_type=document_type)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def expect_not_found(response: httpx.Response) -> None:
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": "Sample not found", "code": "sample_not_found"}


async def test_the_list_is_newest_first_without_text_and_paginated(client: httpx.AsyncClient, token: str):
    ids = [await uploaded(client, token) for _ in range(3)]
    response = await client.get("/api/v1/samples", headers=bearer(token), params={"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["samples"]] == [ids[2], ids[1]]
    assert set(body["samples"][0]) == SUMMARY_FIELDS
    assert body["total"] == 3
    assert body["pagination"] == {"limit": 2, "offset": 0, "total": 3, "hasMore": True}
    last = (
        await client.get("/api/v1/samples", headers=bearer(token), params={"limit": 2, "offset": 2})
    ).json()
    assert [item["id"] for item in last["samples"]] == [ids[0]]
    assert last["pagination"]["hasMore"] is False


async def test_the_list_filters_by_document_type_and_activity(client: httpx.AsyncClient, token: str):
    old_resume, new_resume = await uploaded(client, token), await uploaded(client, token)
    letter = await uploaded(client, token, "cover_letter")
    assert await sample_ids(client, token, document_type="resume") == [new_resume, old_resume]
    assert await sample_ids(client, token, is_active="true") == [letter, new_resume]
    assert await sample_ids(client, token, is_active="false") == [old_resume]
    assert await sample_ids(client, token, document_type="cover_letter", is_active="false") == []


@pytest.mark.parametrize(
    "params",
    [{"document_type": "memo"}, {"is_active": "maybe"}, {"limit": 0}, {"limit": 101}, {"offset": -1}],
)
async def test_bad_list_parameters_are_422(client: httpx.AsyncClient, token: str, params: dict[str, object]):
    response = await client.get("/api/v1/samples", headers=bearer(token), params=params)
    assert response.status_code == 422


async def test_the_list_shows_only_the_callers_samples(
    client: httpx.AsyncClient, token: str, other_token: str
):
    await uploaded(client, token)
    response = await client.get("/api/v1/samples", headers=bearer(other_token))
    assert response.json() == {
        "samples": [],
        "total": 0,
        "pagination": {"limit": 20, "offset": 0, "total": 0, "hasMore": False},
    }


async def test_a_sample_is_read_with_its_text_and_its_style_as_an_object(
    client: httpx.AsyncClient, token: str
):
    created = (await upload(client, token)).json()
    response = await client.get(f"/api/v1/samples/{created['id']}", headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body == created
    assert body["full_text"] == LETTER.decode()
    assert isinstance(body["writing_style"], dict)
    assert body["writing_style"]["tone"] in {"formal", "neutral", "conversational", "enthusiastic"}


@pytest.mark.parametrize("sample_id", ["not-a-uuid", "12345", str(uuid.uuid4())])
async def test_an_unknown_or_malformed_id_is_404(client: httpx.AsyncClient, token: str, sample_id: str):
    expect_not_found(await client.get(f"/api/v1/samples/{sample_id}", headers=bearer(token)))
    expect_not_found(await client.delete(f"/api/v1/samples/{sample_id}", headers=bearer(token)))


async def test_another_users_sample_is_404_and_stays(client: httpx.AsyncClient, token: str, other_token: str):
    sample_id = await uploaded(client, token)
    expect_not_found(await client.get(f"/api/v1/samples/{sample_id}", headers=bearer(other_token)))
    expect_not_found(await client.delete(f"/api/v1/samples/{sample_id}", headers=bearer(other_token)))
    assert (await client.get(f"/api/v1/samples/{sample_id}", headers=bearer(token))).status_code == 200


async def test_deleting_a_sample_is_204_and_it_is_gone(client: httpx.AsyncClient, token: str):
    sample_id = await uploaded(client, token)
    response = await client.delete(f"/api/v1/samples/{sample_id}", headers=bearer(token))
    assert response.status_code == 204
    assert response.content == b""
    expect_not_found(await client.get(f"/api/v1/samples/{sample_id}", headers=bearer(token)))
    expect_not_found(await client.delete(f"/api/v1/samples/{sample_id}", headers=bearer(token)))


async def test_deleting_the_active_sample_promotes_the_newest_remaining_of_its_type(
    client: httpx.AsyncClient, token: str
):
    oldest, middle, newest = [await uploaded(client, token) for _ in range(3)]
    letter = await uploaded(client, token, "cover_letter")
    await client.delete(f"/api/v1/samples/{newest}", headers=bearer(token))
    assert await sample_ids(client, token, is_active="true") == [letter, middle]
    await client.delete(f"/api/v1/samples/{oldest}", headers=bearer(token))  # an inactive one
    assert await sample_ids(client, token, is_active="true") == [letter, middle]
    await client.delete(f"/api/v1/samples/{letter}", headers=bearer(token))  # the last of its type
    assert await sample_ids(client, token, is_active="true") == [middle]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/samples"),
        ("GET", f"/api/v1/samples/{uuid.uuid4()}"),
        ("DELETE", f"/api/v1/samples/{uuid.uuid4()}"),
        ("POST", "/api/v1/samples/upload"),
    ],
)
async def test_every_samples_route_needs_a_token(client: httpx.AsyncClient, method: str, path: str):
    response = await client.request(method, path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"
