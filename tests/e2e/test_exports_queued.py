"""Queued batch exports (`POST /exports/batch?mode=async`): answered 202 pending, made in the background
(in this process, or by `python -m app.worker` from Redis), read at their Location, and failures
recorded on the export row with an error_code, their quota uses given back and no file left behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from app.domain.entities.export import Export
from app.domain.enums.export import ExportFormat, ExportStatus, TemplateId
from app.domain.time import utc_now
from app.infrastructure.tasks.arq_queue import queue_name
from app.main import create_app
from app.worker import run as run_worker
from tests.e2e.export_helpers import docx_text, pdf_text, relative, with_documents, zip_members
from tests.e2e.generation_helpers import API, Applicant, applicant
from tests.e2e.jobs_helpers import expect_error
from tests.e2e.queue_helpers import queue_settings, wait_for_status
from tests.helpers import make_client, make_settings, running_app, uow_of
from tests.redis_server import throwaway_redis
from tests.s3_server import REGION, StoppableMotoServer, stoppable_bucket

UNKNOWN_ID = "6f1c9b2e-4a57-4c1e-9d8e-0b1a2c3d4e5f"
BUCKET = "jobwise-queued-exports"


async def queue_batch(
    client: httpx.AsyncClient, who: Applicant, *generations: dict[str, Any], export_format: str = "docx"
) -> httpx.Response:
    body = {"generation_ids": [g["generation_id"] for g in generations], "format": export_format}
    return await client.post(f"{API}/exports/batch?mode=async", json=body, headers=who.headers)


async def finished(client: httpx.AsyncClient, who: Applicant, queued: httpx.Response) -> dict[str, Any]:
    return await wait_for_status(
        client, queued.headers["Location"], who.headers, ("completed", "failed"), timeout_s=60
    )


def stored_files(app: FastAPI) -> list[Path]:
    root: Path = app.state.resources.settings.storage_root
    return [path for path in root.rglob("*") if path.is_file()]


async def test_a_queued_batch_is_answered_pending_then_made_in_the_background(
    client: httpx.AsyncClient,
):
    who, resume, letter = await with_documents(client)
    body = {
        "generation_ids": [resume["generation_id"], letter["generation_id"], UNKNOWN_ID],
        "format": "pdf",
        "zip_filename": "for acme",
    }
    queued = await client.post(f"{API}/exports/batch?mode=async", json=body, headers=who.headers)
    assert queued.status_code == 202, queued.text
    pending = queued.json()
    assert queued.headers["Location"] == f"/api/v1/exports/files/{pending['export_id']}"
    assert (pending["status"], pending["format"], pending["filename"]) == ("pending", "zip", "for_acme.zip")
    assert (pending["file_size_bytes"], pending["error_code"]) == (0, None)
    assert pending["metadata"]["failed"] == [{"generation_id": UNKNOWN_ID, "reason": "not_found"}]
    assert pending["metadata"]["generation_ids"] == [resume["generation_id"], letter["generation_id"]]

    done = await finished(client, who, queued)
    assert (done["status"], done["error_code"]) == ("completed", None), done
    assert done["metadata"]["file_count"] == 2
    assert done["metadata"]["failed"] == pending["metadata"]["failed"]
    downloaded = await client.get(relative(done["download_url"]))
    assert downloaded.status_code == 200, downloaded.text
    assert len(downloaded.content) == done["file_size_bytes"]
    members = zip_members(downloaded.content)
    assert sorted(members) == sorted(done["metadata"]["files"])
    assert all("ada lovelace" in pdf_text(data) for data in members.values())
    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    assert [(item["export_id"], item["status"]) for item in listed["exports"]] == [
        (done["export_id"], "completed")
    ]
    assert listed["storage_used_bytes"] == done["file_size_bytes"]

    stranger = await applicant(client, "grace@example.com")
    expect_error(
        await client.get(queued.headers["Location"], headers=stranger.headers), 404, "export_not_found"
    )


async def test_a_batch_over_the_storage_quota_when_made_fails_gives_its_uses_back_and_leaves_no_file(
    database_url: str,
):
    settings = make_settings(database_url, rate_limit_storage_bytes=2_000, rate_limit_exports_per_hour=2)
    async with running_app(settings) as app, make_client(app) as client:
        who, resume, letter = await with_documents(client)
        queued = await queue_batch(client, who, resume, letter)
        assert queued.status_code == 202, queued.text
        assert (await queue_batch(client, who, resume)).status_code == 429  # both uses are taken

        done = await finished(client, who, queued)
        assert (done["status"], done["error_code"]) == ("failed", "storage_quota_exceeded"), done
        assert done["error_message"]
        assert stored_files(app) == []
        for accept in ("application/json", "*/*"):
            expect_error(
                await client.get(
                    f"{queued.headers['Location']}/download", headers={**who.headers, "Accept": accept}
                ),
                409,
                "export_failed",
            )
        again = await queue_batch(client, who, resume, letter)  # the failed batch's uses came back
        assert again.status_code == 202, again.text


async def test_batches_left_unfinished_by_a_stopped_server_are_failed_interrupted_at_start(
    app: FastAPI, client: httpx.AsyncClient
):
    who, resume, _ = await with_documents(client)
    unfinished = []
    async with uow_of(app) as uow:
        for status in (ExportStatus.PENDING, ExportStatus.RENDERING):
            export = Export(
                user_id=resume["user_id"],
                format=ExportFormat.ZIP,
                template=TemplateId.MODERN,
                filename="left.zip",
                storage_key=f"exports/{resume['user_id']}/left-{status}.zip",
                file_size_bytes=0,
                options_hash="0" * 64,
                expires_at=utc_now() + timedelta(days=30),
                status=status,
                request={"members": [], "zip_filename": None, "uses": []},
            )
            await uow.exports.add(export)
            unfinished.append(export.id)
        await uow.commit()

    restarted = create_app(app.state.resources.settings)
    async with restarted.router.lifespan_context(restarted):
        pass

    for export_id in unfinished:
        body = (await client.get(f"{API}/exports/files/{export_id}", headers=who.headers)).json()
        assert (body["status"], body["error_code"]) == ("failed", "interrupted")


# --- on the Redis queue, made by the worker ------------------------------------------------------------
@pytest.fixture
async def queue_app(database_url: str, redis_url: str) -> Iterator[FastAPI]:
    async with running_app(queue_settings(database_url, redis_url)) as application:
        yield application


async def test_a_queued_batch_waits_in_redis_until_a_worker_makes_it(queue_app: FastAPI, redis_url: str):
    settings = queue_app.state.resources.settings
    async with make_client(queue_app) as client:
        who, resume, letter = await with_documents(client)
        queued = await queue_batch(client, who, resume, letter)
        assert queued.status_code == 202, queued.text
        redis = Redis.from_url(redis_url)
        try:
            waiting = await redis.zrange(queue_name(settings.redis_key_prefix), 0, -1)
        finally:
            await redis.aclose()
        assert [member.decode() for member in waiting] == [queued.json()["export_id"]]
        location = queued.headers["Location"]
        assert (await client.get(location, headers=who.headers)).json()["status"] == "pending"
        link = await client.get(f"{location}/download", headers={**who.headers, "Accept": "application/json"})
        expect_error(link, 409, "export_not_ready")

        await run_worker(settings, burst=True)

        done = (await client.get(location, headers=who.headers)).json()
        assert done["status"] == "completed", done
        members = zip_members((await client.get(relative(done["download_url"]))).content)
        assert len(members) == 2
        assert all(name.endswith(".docx") for name in members)
        assert all("Ada Lovelace" in docx_text(data) for data in members.values())


async def test_a_queued_batch_whose_generation_is_deleted_before_its_turn_goes_with_it(queue_app: FastAPI):
    settings = queue_app.state.resources.settings
    async with make_client(queue_app) as client:
        who, resume, letter = await with_documents(client)
        queued = await queue_batch(client, who, resume, letter)
        assert queued.status_code == 202, queued.text
        deleted = await client.delete(f"{API}/generations/{letter['generation_id']}", headers=who.headers)
        assert deleted.status_code == 204
        expect_error(
            await client.get(queued.headers["Location"], headers=who.headers), 404, "export_not_found"
        )

        await run_worker(settings, burst=True)  # its job finds no row: nothing is made

        assert stored_files(queue_app) == []
        listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
        assert listed["total"] == 0


async def test_a_worker_starting_fails_the_batches_whose_job_was_lost(queue_app: FastAPI, redis_url: str):
    settings = queue_app.state.resources.settings
    async with make_client(queue_app) as client:
        who, resume, _ = await with_documents(client)
        queued = (await queue_batch(client, who, resume)).json()
        redis = Redis.from_url(redis_url)
        try:  # the job vanished (a flushed or replaced Redis): the row alone remains
            await redis.delete(f"arq:job:{queued['export_id']}")
            await redis.zrem(queue_name(settings.redis_key_prefix), queued["export_id"])
        finally:
            await redis.aclose()
        async with uow_of(queue_app) as uow:
            row = await uow.exports.get(queued["export_id"], user_id=None)
            assert row is not None
            row.created_at = utc_now() - timedelta(minutes=2)
            await uow.commit()

        await run_worker(settings, burst=True)

        body = (await client.get(f"{API}/exports/files/{queued['export_id']}", headers=who.headers)).json()
        assert (body["status"], body["error_code"]) == ("failed", "interrupted")
        assert "lost" in body["error_message"]


async def test_redis_down_at_enqueue_is_503_with_no_row_and_no_use_kept(database_url: str):
    with throwaway_redis() as server:
        settings = queue_settings(database_url, server.url, rate_limit_exports_per_hour=1)
        async with running_app(settings) as app, make_client(app) as client:
            who, resume, _ = await with_documents(client)
            server.stop()
            expect_error(await queue_batch(client, who, resume), 503, "queue_unavailable")
            assert (await client.get(f"{API}/exports/files", headers=who.headers)).json()["total"] == 0
            made_now = await client.post(
                f"{API}/exports/batch",
                json={"generation_ids": [resume["generation_id"]], "format": "docx"},
                headers=who.headers,
            )
            assert made_now.status_code == 201, made_now.text  # the hour's one use was given back


@pytest.fixture
def moto(tmp_path: Path) -> Iterator[StoppableMotoServer]:
    with stoppable_bucket(tmp_path, BUCKET) as server:
        yield server


async def test_s3_down_while_a_batch_is_made_is_retried_then_recorded_storage_unavailable(
    database_url: str, redis_url: str, moto: StoppableMotoServer
):
    settings = queue_settings(
        database_url,
        redis_url,
        storage_backend="s3",
        s3_bucket=BUCKET,
        s3_endpoint_url=moto.url,
        s3_region=REGION,
    )
    async with running_app(settings) as app, make_client(app) as client:
        who, resume, letter = await with_documents(client)
        failing = await queue_batch(client, who, resume)
        moto.stop()
        try:
            await run_worker(settings, burst=True)  # every try meets S3 down
        finally:
            moto.start()
        body = (await client.get(failing.headers["Location"], headers=who.headers)).json()
        assert (body["status"], body["error_code"]) == ("failed", "storage_unavailable")

        queued = await queue_batch(client, who, resume, letter)  # S3 is back: made without a restart
        await run_worker(settings, burst=True)
        done = (await client.get(queued.headers["Location"], headers=who.headers)).json()
        assert done["status"] == "completed", done
        stored = boto3.client("s3", endpoint_url=moto.url, region_name=REGION).list_objects_v2(Bucket=BUCKET)
        assert [item["Key"] for item in stored.get("Contents", [])] == [
            f"exports/{resume['user_id']}/{done['export_id']}.zip"
        ]
