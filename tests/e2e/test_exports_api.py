"""The export API (contract §7) on local storage: files, reuse, batch, templates, preview, lists, links."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from app.domain.time import utc_now
from tests.e2e.export_helpers import (
    docx_text,
    export,
    pdf_text,
    png_size,
    relative,
    with_documents,
    zip_members,
)
from tests.e2e.generation_helpers import API, generate
from tests.e2e.jobs_helpers import create_job, expect_error
from tests.helpers import uow_of

UNKNOWN_ID = "6f1c9b2e-4a57-4c1e-9d8e-0b1a2c3d4e5f"


async def test_a_pdf_export_is_stored_and_downloads_without_a_token(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    response = await export(client, who, resume, template="classic", filename="Ada CV")
    assert response.status_code == 201, response.text
    out = response.json()
    assert (out["format"], out["template"], out["document_type"]) == ("pdf", "classic", "resume")
    assert out["generation_id"] == resume["generation_id"]
    assert out["job_id"] == who.job["id"]
    assert out["filename"] == "Ada_CV.pdf"
    assert out["page_count"] >= 1
    assert out["download_count"] == 0
    assert out["metadata"]["job_title"] == "Senior Backend Engineer"
    assert out["metadata"]["ats_score"] == resume["ats_score"]
    assert out["options"]["accent_color"] == "#2563EB"
    url = urlsplit(out["download_url"])
    assert url.scheme == "http"
    assert url.netloc == "testserver"
    assert set(parse_qs(url.query)) == {"expires", "sig"}

    downloaded = await client.get(relative(out["download_url"]))  # no Authorization header
    assert downloaded.status_code == 200, downloaded.text
    assert downloaded.headers["content-type"] == "application/pdf"
    assert downloaded.headers["content-disposition"] == 'attachment; filename="Ada_CV.pdf"'
    assert len(downloaded.content) == out["file_size_bytes"]
    text = pdf_text(downloaded.content)
    assert "ada lovelace" in text
    assert "analytical engines ltd" in text
    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    assert listed["exports"][0]["download_count"] == 1


async def test_a_docx_export_reads_back_with_its_sections(client: httpx.AsyncClient):
    who, _, letter = await with_documents(client)
    response = await export(client, who, letter, "docx", template="ats_optimized")
    assert response.status_code == 201, response.text
    out = response.json()
    assert (out["format"], out["template"], out["page_count"]) == ("docx", "ats-optimized", None)
    assert out["options"]["accent_color"] == "#000000"  # ats-optimized prints in black
    assert out["metadata"]["word_count"] > 50
    assert out["filename"] == "Ada_Lovelace_cover_letter_Acme_Payments.docx"
    data = (await client.get(relative(out["download_url"]))).content
    text = docx_text(data)
    assert "Dear Hiring Manager," in text
    assert "Ada Lovelace" in text


async def test_an_identical_export_is_reused_and_other_options_make_a_new_one(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    first = await export(client, who, resume, options={"accent_color": "navy"})
    again = await export(client, who, resume, options={"accent_color": "#1e3a8a"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["export_id"] == first.json()["export_id"]
    assert again.json()["expires_at"] >= first.json()["expires_at"]
    other = await export(client, who, resume, options={"accent_color": "teal"})
    assert other.status_code == 201
    assert other.json()["export_id"] != first.json()["export_id"]
    assert other.json()["options"]["accent_color"] == "#0D9488"


async def test_export_requests_are_checked(client: httpx.AsyncClient, app: FastAPI):
    who, resume, _ = await with_documents(client)
    expect_error(await export(client, who, resume, format="docx"), 400, "format_mismatch")
    for generation_id in (UNKNOWN_ID, "not-a-uuid"):
        expect_error(await export(client, who, {"generation_id": generation_id}), 404, "generation_not_found")
    for options in (
        {"font_size": 8},
        {"font_size": 15},
        {"accent_color": "octarine"},
        {"line_spacing": 2.5},
        {"margins": {"top": 0.4}},
        {"font_family": "Comic Sans"},
        {"header_style": "shout"},
    ):
        assert (await export(client, who, resume, options=options)).status_code == 422, options
    assert (await export(client, who, resume, template="baroque")).status_code == 422
    # Unknown option keys are ignored; Times New Roman is Times.
    response = await export(client, who, resume, options={"font_family": "Times New Roman", "sparkle": True})
    assert response.status_code == 201, response.text
    assert response.json()["options"]["font_family"] == "Times"
    pending = (await generate(client, who, mode="async")).json()  # not completed yet when asked at once
    async with uow_of(app) as uow:
        stored = await uow.generations.get(pending["generation_id"], user_id=resume["user_id"])
        assert stored is not None
        stored.status = "generating"  # type: ignore[assignment]
        await uow.commit()
    expect_error(await export(client, who, pending), 400, "generation_not_completed")


async def test_another_users_exports_and_generations_are_404(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    stranger, _, _ = await with_documents(client, "grace@example.com")
    out = (await export(client, who, resume)).json()
    expect_error(await export(client, stranger, resume), 404, "generation_not_found")
    download = f"{API}/exports/files/{out['export_id']}/download"
    expect_error(await client.get(download, headers=stranger.headers), 404, "export_not_found")
    expect_error(
        await client.delete(f"{API}/exports/files/{out['export_id']}", headers=stranger.headers),
        404,
        "export_not_found",
    )
    expect_error(
        await client.get(f"{API}/exports/files/job/{who.job['id']}", headers=stranger.headers),
        404,
        "job_not_found",
    )


async def test_a_batch_is_one_zip_of_the_usable_generations(client: httpx.AsyncClient):
    who, resume, letter = await with_documents(client)
    body = {"generation_ids": [resume["generation_id"], letter["generation_id"], UNKNOWN_ID], "format": "pdf"}
    response = await client.post(f"{API}/exports/batch", json=body, headers=who.headers)
    assert response.status_code == 201, response.text
    out = response.json()
    assert (out["format"], out["generation_id"], out["job_id"], out["document_type"]) == (
        "zip",
        None,
        who.job["id"],
        None,
    )
    assert out["metadata"]["file_count"] == 2
    assert out["metadata"]["failed"] == [{"generation_id": UNKNOWN_ID, "reason": "not_found"}]
    assert out["filename"].startswith("jobwise_exports_")
    members = zip_members((await client.get(relative(out["download_url"]))).content)
    assert len(members) == 2
    assert all("ada lovelace" in pdf_text(data) for data in members.values())

    per_item = {
        "exports": [{"generation_id": resume["generation_id"], "format": "docx", "template": "creative"}],
        "zip_filename": "mine",
    }
    response = await client.post(f"{API}/exports/batch", json=per_item, headers=who.headers)
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == "mine.zip"
    [(name, data)] = zip_members(
        (await client.get(relative(response.json()["download_url"]))).content
    ).items()
    assert name.endswith(".docx")
    assert "Ada Lovelace" in docx_text(data)

    body = {"generation_ids": [UNKNOWN_ID], "format": "pdf"}
    expect_error(
        await client.post(f"{API}/exports/batch", json=body, headers=who.headers), 404, "generation_not_found"
    )
    for bad in (
        {"generation_ids": [], "format": "pdf"},
        {"generation_ids": [UNKNOWN_ID] * 11, "format": "pdf"},
        {"generation_ids": [UNKNOWN_ID], "format": "zip"},
        {"generation_ids": [UNKNOWN_ID]},
    ):
        assert (await client.post(f"{API}/exports/batch", json=bad, headers=who.headers)).status_code == 422


async def test_templates_are_listed_and_described(client: httpx.AsyncClient):
    who, _, _ = await with_documents(client)
    listed = (await client.get(f"{API}/exports/templates", headers=who.headers)).json()
    assert [t["id"] for t in listed["templates"]] == ["modern", "classic", "creative", "ats-optimized"]
    assert listed["total"] == 4
    ats = next(t for t in listed["templates"] if t["id"] == "ats-optimized")
    assert ats["ats_score"] == 98
    assert ats["supports_customization"]["accent_color"] is False
    detail = (await client.get(f"{API}/exports/templates/ats_optimized", headers=who.headers)).json()
    assert detail["id"] == "ats-optimized"
    assert detail["option_constraints"]["font_size"] == {"min": 9, "max": 14}
    expect_error(
        await client.get(f"{API}/exports/templates/baroque", headers=who.headers), 404, "template_not_found"
    )


async def test_a_preview_is_a_png_of_page_one_and_is_not_stored(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    body = {"generation_id": resume["generation_id"], "template": "creative"}
    response = await client.post(f"{API}/exports/preview", json=body, headers=who.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert png_size(response.content)[0] == 1200
    assert (await client.get(f"{API}/exports/files", headers=who.headers)).json()["total"] == 0


async def test_lists_hide_expired_exports_and_group_a_jobs_by_day(client: httpx.AsyncClient, app: FastAPI):
    who, resume, letter = await with_documents(client)
    pdf = (await export(client, who, resume)).json()
    docx = (await export(client, who, letter, "docx")).json()
    other_job = await create_job(client, who.headers, title="Data Engineer", company="Globex")
    other = (await generate(client, who, job_id=other_job["id"])).json()
    elsewhere = (await export(client, who, other)).json()

    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    assert [e["export_id"] for e in listed["exports"]] == [
        elsewhere["export_id"],
        docx["export_id"],
        pdf["export_id"],
    ]
    assert listed["storage_used_bytes"] == sum(e["file_size_bytes"] for e in (pdf, docx, elsewhere))
    assert listed["storage_limit_bytes"] == 104857600
    only = (await client.get(f"{API}/exports/files", params={"format": "docx"}, headers=who.headers)).json()
    assert [e["export_id"] for e in only["exports"]] == [docx["export_id"]]

    job = (await client.get(f"{API}/exports/files/job/{who.job['id']}", headers=who.headers)).json()
    assert (job["job_title"], job["company"], job["total"]) == ("Senior Backend Engineer", "Acme Payments", 2)
    assert job["total_size_bytes"] == pdf["file_size_bytes"] + docx["file_size_bytes"]
    [(day, exports)] = job["exports_by_date"].items()
    assert day == utc_now().date().isoformat()
    assert [e["export_id"] for e in exports] == [docx["export_id"], pdf["export_id"]]

    async with uow_of(app) as uow:
        stored = await uow.exports.get(pdf["export_id"], user_id=None)
        assert stored is not None
        stored.expires_at = utc_now() - timedelta(seconds=1)
        await uow.commit()
    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    assert pdf["export_id"] not in [e["export_id"] for e in listed["exports"]]
    expect_error(await client.get(relative(pdf["download_url"])), 410, "export_expired")


async def test_the_three_download_forms(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    out = (await export(client, who, resume)).json()
    route = f"{API}/exports/files/{out['export_id']}/download"
    link = await client.get(route, headers={**who.headers, "Accept": "application/json"})
    assert link.status_code == 200, link.text
    assert set(link.json()) == {"download_url", "expires_at"}
    streamed = await client.get(relative(link.json()["download_url"]))
    assert streamed.headers["content-type"] == "application/pdf"
    with_token = await client.get(route, headers=who.headers)
    assert with_token.content == streamed.content
    expect_error(await client.get(route), 401, "not_authenticated")


async def test_a_tampered_or_expired_link_is_401_invalid_signature(client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    out = (await export(client, who, resume)).json()
    url = urlsplit(out["download_url"])
    query = parse_qs(url.query)
    expires, sig = query["expires"][0], query["sig"][0]
    tampered = [
        f"{url.path}?expires={expires}&sig={'0' * len(sig)}",
        f"{url.path}?expires={int(expires) + 60}&sig={sig}",
        f"{url.path}?expires={expires}",
        f"{url.path.replace(out['export_id'], UNKNOWN_ID)}?expires={expires}&sig={sig}",
        f"{url.path}?expires={int(utc_now().timestamp()) - 10}&sig={sig}",
    ]
    for path in tampered:
        expect_error(await client.get(path), 401, "invalid_signature")


async def test_deleting_an_export_removes_its_row_and_file(client: httpx.AsyncClient, app: FastAPI):
    who, resume, _ = await with_documents(client)
    out = (await export(client, who, resume)).json()
    root = app.state.resources.settings.storage_root
    [stored] = list(root.rglob("*.pdf"))
    assert (
        await client.delete(f"{API}/exports/files/{out['export_id']}", headers=who.headers)
    ).status_code == 204
    assert not stored.exists()
    expect_error(await client.get(relative(out["download_url"])), 404, "export_not_found")
    expect_error(
        await client.delete(f"{API}/exports/files/{out['export_id']}", headers=who.headers),
        404,
        "export_not_found",
    )


async def test_deleting_a_generation_or_a_job_removes_their_exports_and_files(
    client: httpx.AsyncClient, app: FastAPI
):
    who, resume, letter = await with_documents(client)
    await export(client, who, resume)
    await export(client, who, letter, "docx")
    body = {"generation_ids": [resume["generation_id"], letter["generation_id"]], "format": "pdf"}
    assert (await client.post(f"{API}/exports/batch", json=body, headers=who.headers)).status_code == 201
    root = app.state.resources.settings.storage_root
    assert len([p for p in root.rglob("*") if p.is_file()]) == 3
    assert (
        await client.delete(f"{API}/generations/{resume['generation_id']}", headers=who.headers)
    ).status_code == 204
    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    assert [e["format"] for e in listed["exports"]] == ["docx"]  # the ZIP held the resume: gone too
    assert len([p for p in root.rglob("*") if p.is_file()]) == 1
    assert (await client.delete(f"{API}/jobs/{who.job['id']}", headers=who.headers)).status_code == 204
    assert (await client.get(f"{API}/exports/files", headers=who.headers)).json()["total"] == 0
    assert [p for p in root.rglob("*") if p.is_file()] == []
