"""Multipart forms from older or broken clients, sent byte for byte."""

from __future__ import annotations

import httpx

from tests.e2e.samples_helpers import BOUNDARY, LETTER, multipart_headers
from tests.helpers import register

UPLOAD = "/api/v1/samples/upload"


def part(disposition: bytes, content: bytes) -> bytes:
    return (
        f"--{BOUNDARY}\r\n".encode()
        + b"Content-Disposition: "
        + disposition
        + b"\r\n\r\n"
        + content
        + b"\r\n"
    )


def form(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


async def test_a_file_name_in_latin_1_from_an_old_client_is_kept_readable(client: httpx.AsyncClient):
    token = (await register(client))["access_token"]
    body = form(
        part(b'form-data; name="document_type"', b"cover_letter"),
        part('form-data; name="file"; filename="lettre-résumé.txt"'.encode("latin-1"), LETTER),
    )

    response = await client.post(UPLOAD, headers=multipart_headers(token), content=body)

    assert response.status_code == 201, response.text
    assert response.json()["original_filename"] == "lettre-résumé.txt"


async def test_a_part_without_a_name_is_422_and_nothing_is_stored(client: httpx.AsyncClient):
    token = (await register(client))["access_token"]
    body = form(
        part(b'form-data; name="document_type"', b"cover_letter"),
        part(b'form-data; filename="letter.txt"', LETTER),
    )

    response = await client.post(UPLOAD, headers=multipart_headers(token), content=body)

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (["body"], "A multipart part has no name")
    listed = await client.get("/api/v1/samples", headers={"Authorization": f"Bearer {token}"})
    assert listed.json()["total"] == 0
