"""Export quotas, retention and failures: clear answers, and no file without a row or row without a file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from app.domain.errors import StorageUnavailableError
from app.domain.time import utc_now
from tests.e2e.export_helpers import export, relative, with_documents
from tests.e2e.generation_helpers import API
from tests.e2e.jobs_helpers import expect_error
from tests.helpers import make_client, make_settings, running_app, uow_of


def stored_files(app: FastAPI) -> list[Path]:
    return [path for path in app.state.resources.settings.storage_root.rglob("*") if path.is_file()]


async def export_total(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    total: int = (await client.get(f"{API}/exports/files", headers=headers)).json()["total"]
    return total


@asynccontextmanager
async def app_with(database_url: str, **limits: int) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    async with running_app(make_settings(database_url, **limits)) as app, make_client(app) as client:
        yield app, client


async def test_the_hourly_export_quota_counts_batch_members(database_url: str):
    async with app_with(database_url, rate_limit_exports_per_hour=3) as (_app, client):
        await _hourly_quota(client)


async def _hourly_quota(client: httpx.AsyncClient) -> None:
    who, resume, letter = await with_documents(client)
    assert (await export(client, who, resume, "docx")).status_code == 201
    body = {"generation_ids": [resume["generation_id"], letter["generation_id"]], "format": "docx"}
    assert (await client.post(f"{API}/exports/batch", json=body, headers=who.headers)).status_code == 201
    response = await export(client, who, letter, "docx")
    expect_error(response, 429, "quota_exceeded")
    assert 3000 <= int(response.headers["Retry-After"]) <= 3600
    # Reusing an identical export costs nothing.
    assert (await export(client, who, resume, "docx")).status_code == 200


async def test_the_storage_quota_refuses_what_would_not_fit(database_url: str):
    """Three DOCX files of about 38 kB each against 100 kB: the third does not fit, and is not kept."""
    async with app_with(database_url, rate_limit_storage_bytes=100_000) as (app, client):
        who, resume, _ = await with_documents(client)
        for colour in ("blue", "green"):
            assert (
                await export(client, who, resume, "docx", options={"accent_color": colour})
            ).status_code == 201
        response = await export(client, who, resume, "docx", options={"accent_color": "red"})
        expect_error(response, 429, "storage_quota_exceeded")
        assert int(response.headers["Retry-After"]) > 29 * 24 * 3600
        assert len(stored_files(app)) == 2 == await export_total(client, who.headers)


class BrokenStorage:
    """A store that cannot be reached."""

    backend = "local"

    async def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        raise StorageUnavailableError

    async def put_file(self, key: str, path: Path, *, content_type: str) -> None:
        raise StorageUnavailableError

    async def delete(self, key: str) -> None:
        raise StorageUnavailableError


async def test_an_unreachable_store_is_503_and_leaves_no_row(app: FastAPI, client: httpx.AsyncClient):
    who, resume, _ = await with_documents(client)
    app.state.resources.storage = BrokenStorage()
    expect_error(await export(client, who, resume), 503, "storage_unavailable")
    body = {"generation_ids": [resume["generation_id"]], "format": "pdf"}
    expect_error(
        await client.post(f"{API}/exports/batch", json=body, headers=who.headers), 503, "storage_unavailable"
    )
    assert await export_total(client, who.headers) == 0


async def test_a_row_that_cannot_be_written_leaves_no_file(app: FastAPI, client: httpx.AsyncClient):
    """The generation is deleted while its PDF renders: the row's insert fails, the stored file goes."""
    who, resume, _ = await with_documents(client)
    resources = app.state.resources
    renderer = resources.renderer

    class DeletingRenderer:
        def __getattr__(self, name: str) -> Any:
            return getattr(renderer, name)

        async def render_pdf(self, *args: Any, **kwargs: Any) -> Any:
            rendered = await renderer.render_pdf(*args, **kwargs)
            response = await client.delete(
                f"{API}/generations/{resume['generation_id']}", headers=who.headers
            )
            assert response.status_code == 204
            return rendered

    resources.renderer = DeletingRenderer()
    response = await export(client, who, resume)
    assert response.status_code >= 400
    assert stored_files(app) == []
    assert await export_total(client, who.headers) == 0


async def test_cleanup_removes_expired_exports_and_their_files(app: FastAPI, client: httpx.AsyncClient):
    who, resume, letter = await with_documents(client)
    old = (await export(client, who, resume)).json()
    fresh = (await export(client, who, letter)).json()
    async with uow_of(app) as uow:
        stored = await uow.exports.get(old["export_id"], user_id=None)
        assert stored is not None
        stored.expires_at = utc_now() - timedelta(minutes=1)
        await uow.commit()
    report = await replace(app.state.resources).maintenance_service().cleanup()
    assert report.exports_deleted == 1
    [remaining] = stored_files(app)
    assert remaining.name == f"{fresh['export_id']}.pdf"
    expect_error(await client.get(relative(old["download_url"])), 404, "export_not_found")
