"""Builders shared by the export API tests: a user with completed generations, and file readers."""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Any

import httpx
from docx import Document
from pypdf import PdfReader

from tests.e2e.generation_helpers import API, Applicant, applicant, generate

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def with_documents(
    client: httpx.AsyncClient, email: str = "ada@example.com"
) -> tuple[Applicant, dict[str, Any], dict[str, Any]]:
    """An applicant with a completed resume and a completed cover letter for their job."""
    who = await applicant(client, email)
    resume = (await generate(client, who)).json()
    letter = (await generate(client, who, "cover-letter")).json()
    return who, resume, letter


async def export(
    client: httpx.AsyncClient, who: Applicant, generation: dict[str, Any], kind: str = "pdf", **fields: Any
) -> httpx.Response:
    body = {"generation_id": generation["generation_id"], **fields}
    return await client.post(f"{API}/exports/{kind}", json=body, headers=who.headers)


def pdf_text(data: bytes) -> str:
    """The PDF's text, case-folded (templates may set headings and names in capitals)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).casefold()


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def relative(url: str) -> str:
    """The path and query of an absolute download URL (the test client serves http://testserver)."""
    return url.removeprefix("http://testserver")
