"""The export API (contract §7.2) with STORAGE_BACKEND=s3, against moto's standalone server on loopback.

One moto server, one app and one applicant serve the whole module (an app starts its own render worker
and boto3 client): each test makes exports of its own, with a template no other test uses, so no reuse
and no download count crosses tests. No AWS account is used or reached (tests/s3_server.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any

import boto3
import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from app.core.config import Settings
from app.domain.time import utc_now
from app.main import create_app
from tests.e2e.export_helpers import export, pdf_text, relative, with_documents, zip_members
from tests.e2e.generation_helpers import API, Applicant
from tests.e2e.jobs_helpers import expect_error
from tests.helpers import make_client, make_settings, running_app
from tests.llm_server import closed_port_url
from tests.s3_server import (
    REGION,
    assert_sigv4_presigned,
    fake_aws_credentials,
    fetch_without_credentials,
    moto_server,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

BUCKET = "jobwise-e2e-exports"  # moto's buckets live as long as the process: not the adapter tests' one
LINK_TTL_S = 900  # not the default 3600, so the presigned URL's expiry is seen to follow the setting
Documents = tuple[Applicant, dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module", autouse=True)
def aws_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with fake_aws_credentials(tmp_path_factory.mktemp("no-aws")):
        yield


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture(scope="module")
def bucket(moto_url: str) -> Any:
    """A plain boto3 client on the bucket, to look behind the app's back."""
    admin = boto3.client("s3", endpoint_url=moto_url, region_name=REGION)
    admin.create_bucket(Bucket=BUCKET)
    return admin


def s3_settings(database_url: str, endpoint_url: str) -> Settings:
    return make_settings(
        database_url,
        storage_backend="s3",
        s3_bucket=BUCKET,
        s3_endpoint_url=endpoint_url,
        s3_region=REGION,
        storage_url_ttl_s=LINK_TTL_S,
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def app(database_url: str, moto_url: str, bucket: Any) -> AsyncIterator[FastAPI]:
    async with running_app(s3_settings(database_url, moto_url)) as application:
        yield application


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as test_client:
        yield test_client


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def documents(client: httpx.AsyncClient) -> Documents:
    return await with_documents(client)


def keys(bucket: Any, user_id: int) -> dict[str, int]:
    """The user's objects in the bucket, with their sizes."""
    listed = bucket.list_objects_v2(Bucket=BUCKET, Prefix=f"exports/{user_id}/")
    return {item["Key"]: item["Size"] for item in listed.get("Contents", [])}


def stored_bytes(bucket: Any, key: str) -> bytes:
    data: bytes = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return data


async def download_count(client: httpx.AsyncClient, who: Applicant, export_id: str) -> int:
    listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
    [count] = [item["download_count"] for item in listed["exports"] if item["export_id"] == export_id]
    return int(count)


async def test_a_pdf_export_lands_in_the_bucket_and_its_link_redirects_to_a_presigned_url(
    client: httpx.AsyncClient, bucket: Any, documents: Documents, moto_url: str
):
    who, resume, _ = documents
    response = await export(client, who, resume, template="classic", filename="Ada CV")
    assert response.status_code == 201, response.text
    out = response.json()
    key = f"exports/{resume['user_id']}/{out['export_id']}.pdf"
    assert keys(bucket, resume["user_id"])[key] == out["file_size_bytes"]

    redirect = await client.get(relative(out["download_url"]))  # the signed app URL, no token
    assert redirect.status_code == 307, redirect.text
    location = redirect.headers["location"]
    assert_sigv4_presigned(location, expires_in_s=LINK_TTL_S)
    assert location.startswith(f"{moto_url}/{BUCKET}/{key}?")
    fetched = await fetch_without_credentials(location)
    assert fetched.status_code == 200, fetched.text
    assert fetched.content == stored_bytes(bucket, key)
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"] == 'attachment; filename="Ada_CV.pdf"'
    assert "ada lovelace" in pdf_text(fetched.content)
    assert await download_count(client, who, out["export_id"]) == 1  # the 307; the store's GET is not ours


async def test_the_json_form_answers_a_presigned_url_and_every_answer_counts(
    client: httpx.AsyncClient, bucket: Any, documents: Documents
):
    who, resume, _ = documents
    out = (await export(client, who, resume, template="modern")).json()
    key = f"exports/{resume['user_id']}/{out['export_id']}.pdf"
    route = f"{API}/exports/files/{out['export_id']}/download"

    asked_at = utc_now()
    link = await client.get(route, headers={**who.headers, "Accept": "application/json"})
    assert link.status_code == 200, link.text
    assert set(link.json()) == {"download_url", "expires_at"}
    assert_sigv4_presigned(link.json()["download_url"], expires_in_s=LINK_TTL_S)
    expires_at = datetime.fromisoformat(link.json()["expires_at"])
    assert abs(expires_at - (asked_at + timedelta(seconds=LINK_TTL_S))) < timedelta(seconds=60)
    assert await download_count(client, who, out["export_id"]) == 1
    fetched = await fetch_without_credentials(link.json()["download_url"])
    assert fetched.content == stored_bytes(bucket, key)
    assert await download_count(client, who, out["export_id"]) == 1

    with_token = await client.get(route, headers=who.headers)  # bearer, no JSON asked: redirected too
    assert with_token.status_code == 307
    assert_sigv4_presigned(with_token.headers["location"], expires_in_s=LINK_TTL_S)
    assert await download_count(client, who, out["export_id"]) == 2
    assert (await client.get(relative(out["download_url"]))).status_code == 307
    assert await download_count(client, who, out["export_id"]) == 3
    expect_error(await client.get(route), 401, "not_authenticated")
    assert await download_count(client, who, out["export_id"]) == 3


async def test_deleting_an_export_removes_its_object_from_the_bucket(
    client: httpx.AsyncClient, bucket: Any, documents: Documents
):
    who, _, letter = documents
    out = (await export(client, who, letter, "docx", template="creative")).json()
    key = f"exports/{letter['user_id']}/{out['export_id']}.docx"
    assert key in keys(bucket, letter["user_id"])
    deleted = await client.delete(f"{API}/exports/files/{out['export_id']}", headers=who.headers)
    assert deleted.status_code == 204
    assert key not in keys(bucket, letter["user_id"])
    expect_error(await client.get(relative(out["download_url"])), 404, "export_not_found")


async def test_a_batch_zip_lands_in_the_bucket_and_downloads(
    client: httpx.AsyncClient, bucket: Any, documents: Documents
):
    who, resume, letter = documents
    body = {
        "generation_ids": [resume["generation_id"], letter["generation_id"]],
        "format": "pdf",
        "template": "ats-optimized",
    }
    response = await client.post(f"{API}/exports/batch", json=body, headers=who.headers)
    assert response.status_code == 201, response.text
    out = response.json()
    key = f"exports/{resume['user_id']}/{out['export_id']}.zip"
    assert keys(bucket, resume["user_id"])[key] == out["file_size_bytes"]
    redirect = await client.get(relative(out["download_url"]))
    assert redirect.status_code == 307
    fetched = await fetch_without_credentials(redirect.headers["location"])
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "application/zip"
    assert fetched.headers["content-disposition"] == f'attachment; filename="{out["filename"]}"'
    members = zip_members(fetched.content)
    assert len(members) == 2
    assert all("ada lovelace" in pdf_text(data) for data in members.values())


async def test_ready_reports_the_bucket(client: httpx.AsyncClient):
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    assert response.json()["checks"]["storage"] == "ok"


async def test_an_unreachable_store_is_503_leaves_no_row_and_is_not_ready(database_url: str, app: FastAPI):
    """S3_ENDPOINT_URL at a closed loopback port, beside the module's app on the same database: that one
    emptied it when it started (`app` is asked for so that it has), this one leaves its rows alone."""
    unreachable = create_app(s3_settings(database_url, closed_port_url()))
    async with unreachable.router.lifespan_context(unreachable), make_client(unreachable) as client:
        who, resume, _ = await with_documents(client, "grace@example.com")
        # DOCX: rendered in a thread, so this app starts no PDF render worker just to reach the store.
        expect_error(await export(client, who, resume, "docx"), 503, "storage_unavailable")
        body = {"generation_ids": [resume["generation_id"]], "format": "docx"}
        batch = await client.post(f"{API}/exports/batch", json=body, headers=who.headers)
        expect_error(batch, 503, "storage_unavailable")
        assert (await client.get(f"{API}/exports/files", headers=who.headers)).json()["total"] == 0
        ready = await client.get("/ready")
        assert ready.status_code == 503, ready.text
        assert ready.json()["checks"]["storage"] == "error"
