"""POST /samples/upload over HTTP: stored samples, every refusal, streaming limits, quota, concurrency."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from tests.e2e.samples_helpers import LETTER, multipart_body, multipart_headers, sample_ids, upload
from tests.helpers import bearer, make_client, make_settings, register, running_app
from tests.unit.fakes import FakeClock
from tests.writing_style_fields import WRITING_STYLE_FIELDS

MIB = 1024 * 1024


@pytest.fixture
async def token(client: httpx.AsyncClient) -> str:
    return str((await register(client))["access_token"])


def expect_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def test_an_upload_answers_the_stored_sample_with_its_writing_style(
    client: httpx.AsyncClient, token: str
):
    response = await upload(client, token, content=b"\xef\xbb\xbf" + LETTER.replace(b"\n", b"\r\n"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["document_type"] == "cover_letter"
    assert body["original_filename"] == "letter.txt"
    assert body["full_text"] == LETTER.decode()
    assert (body["word_count"], body["character_count"], body["line_count"]) == (19, 116, 6)
    assert body["is_active"] is True
    assert body["created_at"].endswith("Z")
    style = body["writing_style"]
    assert set(style) >= WRITING_STYLE_FIELDS
    assert (style["extraction_method"], style["model"]) == ("stylometry", None)
    assert style["greeting"] == {"text": "Dear Ms. Okafor,", "style": "formal"}
    assert style["action_verbs"] == ["automated"]


@pytest.mark.parametrize(("filename", "document_type"), [("CV.MD", "resume"), ("notes.Txt", "cover_letter")])
async def test_markdown_and_text_files_of_either_type_are_accepted(
    client: httpx.AsyncClient, token: str, filename: str, document_type: str
):
    response = await upload(client, token, filename=filename, document_type=document_type)
    assert response.status_code == 201, response.text
    assert response.json()["document_type"] == document_type


@pytest.mark.parametrize("filename", ["resume.pdf", "resume.docx", "resume"])
async def test_other_extensions_are_415_unsupported_file_type(
    client: httpx.AsyncClient, token: str, filename: str
):
    expect_error(await upload(client, token, filename=filename), 415, "unsupported_file_type")


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"words\x00and\x00nuls"]
)
async def test_a_binary_file_renamed_to_txt_is_415(client: httpx.AsyncClient, token: str, content: bytes):
    expect_error(
        await upload(client, token, filename="resume.txt", content=content), 415, "unsupported_file_type"
    )


@pytest.mark.parametrize("content", ["Résumé".encode("latin-1"), "Résumé".encode("utf-16")])
async def test_text_that_is_not_utf8_is_400_invalid_encoding(
    client: httpx.AsyncClient, token: str, content: bytes
):
    expect_error(await upload(client, token, content=content), 400, "invalid_encoding")


@pytest.mark.parametrize("content", [b"", b" \n\t \r\n", b"\xef\xbb\xbf\n"])
async def test_a_blank_file_is_400_empty_file(client: httpx.AsyncClient, token: str, content: bytes):
    expect_error(await upload(client, token, content=content), 400, "empty_file")


async def test_a_file_of_exactly_one_mib_is_accepted_and_one_byte_more_is_413(
    client: httpx.AsyncClient, token: str
):
    line = b"I shipped a reliable service.\n"
    content = (line * (MIB // len(line) + 1))[:MIB]
    assert (await upload(client, token, content=content)).status_code == 201
    expect_error(await upload(client, token, content=content + b"x"), 413, "file_too_large")


async def test_an_oversized_upload_is_refused_while_streaming_not_after_reading_it(
    client: httpx.AsyncClient, token: str
):
    chunk = 64 * 1024
    sent = 0

    async def body() -> AsyncIterator[bytes]:  # no Content-Length: only the stream tells the size
        nonlocal sent
        head = multipart_body(("document_type", None, b"resume"), closed=False)
        yield head + multipart_body(("file", "a.txt", b""), closed=False).removesuffix(b"\r\n")
        for _ in range(4 * MIB // chunk):
            sent += chunk
            yield b"a" * chunk

    response = await client.post("/api/v1/samples/upload", headers=multipart_headers(token), content=body())
    expect_error(response, 413, "file_too_large")
    assert sent <= MIB + 2 * chunk  # stopped right after the limit, not at the end of the 4 MiB


async def test_a_declared_length_over_the_limit_is_413_before_any_byte_is_read(
    client: httpx.AsyncClient, token: str
):
    read = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal read
        read += 1
        yield b"never read"

    headers = multipart_headers(token, **{"content-length": str(2 * MIB)})
    response = await client.post("/api/v1/samples/upload", headers=headers, content=body())
    expect_error(response, 413, "file_too_large")
    assert read == 0


def missing_locs(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 422, response.text
    return [error["loc"] for error in response.json()["detail"]]


async def test_a_missing_part_or_an_unknown_document_type_is_422(client: httpx.AsyncClient, token: str):
    only_type = multipart_body(("document_type", None, b"resume"))
    no_file = await client.post("/api/v1/samples/upload", headers=multipart_headers(token), content=only_type)
    no_type = await client.post(
        "/api/v1/samples/upload", headers=bearer(token), files={"file": ("a.txt", LETTER, "text/plain")}
    )
    assert missing_locs(no_file) == [["body", "file"]]
    assert missing_locs(no_type) == [["body", "document_type"]]
    wrong_type = await upload(client, token, document_type="thank_you_note")
    assert missing_locs(wrong_type) == [["body", "document_type"]]
    assert wrong_type.json()["detail"][0]["input"] == "thank_you_note"


async def test_a_file_sent_as_a_plain_text_field_is_422(client: httpx.AsyncClient, token: str):
    body = multipart_body(("document_type", None, b"resume"), ("file", None, b"my resume text"))
    response = await client.post("/api/v1/samples/upload", headers=multipart_headers(token), content=body)
    assert missing_locs(response) == [["body", "file"]]


async def test_a_browser_form_with_no_file_chosen_is_422(client: httpx.AsyncClient, token: str):
    body = multipart_body(("document_type", None, b"resume"), ("file", "", b""))
    response = await client.post("/api/v1/samples/upload", headers=multipart_headers(token), content=body)
    assert missing_locs(response) == [["body", "file"]]


async def test_a_json_body_is_422_with_both_parts_missing(client: httpx.AsyncClient, token: str):
    response = await client.post(
        "/api/v1/samples/upload", headers=bearer(token), json={"document_type": "resume"}
    )
    assert missing_locs(response) == [["body", "document_type"], ["body", "file"]]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),
        (f"multipart/form-data; boundary={'b' * 300}", b"--" + b"b" * 300 + b"\r\n"),
        (
            "multipart/form-data; boundary=jobwise-test-boundary",
            multipart_body(("document_type", None, b"resume"), closed=False),
        ),
    ],
)
async def test_a_malformed_multipart_body_is_422(
    client: httpx.AsyncClient, token: str, content_type: str, body: bytes
):
    headers = {**bearer(token), "content-type": content_type}
    response = await client.post("/api/v1/samples/upload", headers=headers, content=body)
    assert missing_locs(response) == [["body"]]


async def test_uploading_needs_a_token_even_before_the_body_is_looked_at(client: httpx.AsyncClient):
    response = await client.post(
        "/api/v1/samples/upload", content=b"x" * (2 * MIB), headers={"content-type": "multipart/form-data"}
    )
    expect_error(response, 401, "not_authenticated")


async def test_the_upload_after_the_daily_quota_is_429_with_retry_after_to_midnight_utc(database_url: str):
    settings = make_settings(database_url, rate_limit_sample_uploads_per_day=2)
    async with running_app(settings) as app, make_client(app) as client:
        token = str((await register(client))["access_token"])
        today = datetime.now(UTC)
        app.state.resources.clock = FakeClock(today.replace(hour=23, minute=59, second=30, microsecond=0))
        assert (await upload(client, token)).status_code == 201
        assert (await upload(client, token, document_type="resume")).status_code == 201
        refused = await upload(client, token)
        expect_error(refused, 429, "quota_exceeded")
        assert refused.headers["retry-after"] == "30"
        refused_file = await upload(client, token, filename="cv.pdf")  # a refused file uses no quota either
        expect_error(refused_file, 415, "unsupported_file_type")
        app.state.resources.clock.advance(seconds=30)  # 00:00 UTC: a new day
        assert (await upload(client, token)).status_code == 201
        assert len(await sample_ids(client, token)) == 3


async def test_the_quota_holds_under_concurrent_uploads(database_url: str):
    settings = make_settings(database_url, rate_limit_sample_uploads_per_day=10)
    async with running_app(settings) as app, make_client(app) as client:
        token = str((await register(client))["access_token"])
        responses = await asyncio.gather(*(upload(client, token) for _ in range(13)))
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [201] * 10 + [429] * 3
        assert len(await sample_ids(client, token)) == 10


async def test_concurrent_uploads_of_one_type_leave_exactly_one_active_the_newest(
    client: httpx.AsyncClient, token: str
):
    responses = await asyncio.gather(*(upload(client, token) for _ in range(8)))
    assert [response.status_code for response in responses] == [201] * 8
    active = await sample_ids(client, token, is_active=True)
    newest = (await sample_ids(client, token))[0]
    assert active == [newest]


async def test_concurrent_deletes_and_uploads_never_leave_two_active(client: httpx.AsyncClient, token: str):
    first = [(await upload(client, token)).json()["id"] for _ in range(4)]
    deletes = [client.delete(f"/api/v1/samples/{sample_id}", headers=bearer(token)) for sample_id in first]
    uploads = [upload(client, token) for _ in range(4)]
    responses = await asyncio.gather(*[call for pair in zip(deletes, uploads, strict=True) for call in pair])
    assert sorted(response.status_code for response in responses) == [201] * 4 + [204] * 4
    assert len(await sample_ids(client, token, is_active=True)) == 1
    assert len(await sample_ids(client, token)) == 4


async def test_the_sample_text_never_reaches_the_logs(
    client: httpx.AsyncClient, token: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    secret_line = b"My confidential salary history is 123456 per year."
    sample_id = (await upload(client, token, content=secret_line)).json()["id"]
    await client.get(f"/api/v1/samples/{sample_id}", headers=bearer(token))
    assert "confidential salary" not in "\n".join(record.getMessage() for record in caplog.records)
    assert "confidential salary" not in json.dumps(
        [record.__dict__ for record in caplog.records], default=str
    )


async def test_the_upload_route_documents_its_multipart_body_and_errors(
    app: FastAPI, client: httpx.AsyncClient
):
    operation = (await client.get("/openapi.json")).json()["paths"]["/api/v1/samples/upload"]["post"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["document_type", "file"]
    assert schema["properties"]["document_type"]["enum"] == ["resume", "cover_letter"]
    assert {"201", "400", "401", "413", "415", "422", "429"} <= set(operation["responses"])
