"""Builders shared by the samples API tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import bearer

LETTER = (
    b"Dear Ms. Okafor,\n\nI am writing to apply for the analyst role. I automated the reporting pipeline.\n\n"
    b"Sincerely,\nAmara\n"
)
BOUNDARY = "jobwise-test-boundary"


async def upload(
    client: httpx.AsyncClient,
    token: str,
    *,
    document_type: str = "cover_letter",
    filename: str = "letter.txt",
    content: bytes = LETTER,
) -> httpx.Response:
    return await client.post(
        "/api/v1/samples/upload",
        headers=bearer(token),
        data={"document_type": document_type},
        files={"file": (filename, content, "text/plain")},
    )


def multipart_body(*parts: tuple[str, str | None, bytes], closed: bool = True) -> bytes:
    """A multipart/form-data body from (name, filename or None, content) parts, built by hand."""
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (
            f'; filename="{filename}"' if filename is not None else ""
        )
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return body + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def multipart_headers(token: str, **extra: str) -> dict[str, str]:
    return {**bearer(token), "content-type": f"multipart/form-data; boundary={BOUNDARY}", **extra}


async def sample_ids(client: httpx.AsyncClient, token: str, **filters: Any) -> list[str]:
    response = await client.get("/api/v1/samples", headers=bearer(token), params={"limit": 100, **filters})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["samples"]]
