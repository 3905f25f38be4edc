"""Export files in S3, against moto's standalone server on loopback (the S3 HTTP API, no patched client).

No AWS account is used or reached: fake credentials come from the environment, every endpoint is
127.0.0.1. moto does not check signatures, so the presigned URL's SigV4 parameters are checked here.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError

from app.domain.errors import StorageUnavailableError
from app.domain.interfaces.storage import FileStorage
from app.infrastructure.adapters.storage.s3_storage import CHUNK_BYTES, S3FileStorage
from app.infrastructure.readiness import StorageProbe
from tests.helpers import free_port
from tests.s3_server import (
    REGION,
    assert_sigv4_presigned,
    fake_aws_credentials,
    fetch_without_credentials,
    moto_server,
)

KEY = "exports/7/6f1c2a4e-8d0b-4c47-9a51-2b7f3c9e0d18.pdf"
BUCKET = "jobwise-exports"
PDF = "application/pdf"
UNREACHABLE_BUDGET_S = 3.0


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture(scope="module", autouse=True)
def aws_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with fake_aws_credentials(tmp_path_factory.mktemp("no-aws")):
        yield


@pytest.fixture(scope="module")
def admin(moto_url: str) -> Any:
    """A plain boto3 client, to set up and inspect the bucket behind the adapter's back."""
    return boto3.client("s3", endpoint_url=moto_url, region_name=REGION)


@pytest.fixture(scope="module")
def bucket(admin: Any) -> str:
    admin.create_bucket(Bucket=BUCKET)
    return BUCKET


@pytest.fixture(scope="module")
def storage(moto_url: str, bucket: str) -> S3FileStorage:
    """Made once, like the service makes it at start-up (a boto3 client takes ~0.5 s to build)."""
    return S3FileStorage(bucket=bucket, region=REGION, endpoint_url=moto_url)


@pytest.fixture
def key(request: pytest.FixtureRequest) -> str:
    """A key of this test's own in the shared bucket."""
    return f"exports/7/{hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:32]}.pdf"


async def read_all(storage: FileStorage, key: str) -> bytes:
    return b"".join([chunk async for chunk in storage.read(key)])


async def test_stored_bytes_read_back_in_chunks_and_are_deleted(storage: S3FileStorage, key: str):
    data = os.urandom(CHUNK_BYTES * 2 + 10)
    await storage.put_bytes(key, data, content_type=PDF)
    chunks = [chunk async for chunk in storage.read(key)]
    assert all(len(chunk) <= CHUNK_BYTES for chunk in chunks)
    assert len(chunks) >= 3
    assert b"".join(chunks) == data
    await storage.delete(key)
    await storage.delete(key)  # a missing object is no error
    with pytest.raises(FileNotFoundError):
        await read_all(storage, key)
    assert storage.backend == "s3"


async def test_a_large_file_is_uploaded_from_disk_in_parts(
    storage: S3FileStorage, admin: Any, bucket: str, key: str, tmp_path: Path
):
    source = tmp_path / "batch.zip"
    source.write_bytes(os.urandom(9 * 1024 * 1024))  # over the 8 MiB multipart threshold
    await storage.put_file(key, source, content_type="application/zip")
    head = admin.head_object(Bucket=bucket, Key=key)
    assert head["ETag"].strip('"').endswith("-2")  # a multipart object's ETag counts its parts
    assert head["ContentType"] == "application/zip"
    assert await read_all(storage, key) == source.read_bytes()


async def test_a_small_file_is_uploaded_whole(storage: S3FileStorage, key: str, tmp_path: Path):
    source = tmp_path / "resume.docx"
    source.write_bytes(b"PK\x03\x04 a small document")
    await storage.put_file(key, source, content_type="application/octet-stream")
    assert await read_all(storage, key) == source.read_bytes()


async def test_the_presigned_url_is_sigv4_and_downloads_without_credentials(storage: S3FileStorage, key: str):
    await storage.put_bytes(key, b"%PDF-1.7 the resume", content_type=PDF)
    url = await storage.presigned_url(key, filename="Ada_resume_Acme.pdf", content_type=PDF, expires_in_s=900)
    assert_sigv4_presigned(url, expires_in_s=900)
    response = await fetch_without_credentials(url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 the resume"
    assert response.headers["content-disposition"] == 'attachment; filename="Ada_resume_Acme.pdf"'
    assert response.headers["content-type"] == PDF


async def test_a_filename_cannot_break_out_of_its_quoted_header_value(storage: S3FileStorage, key: str):
    url = await storage.presigned_url(key, filename='a"b\\c.pdf', content_type=PDF, expires_in_s=60)
    query = parse_qs(urlsplit(url).query)
    assert query["response-content-disposition"] == ['attachment; filename="a_b_c.pdf"']


async def test_an_existing_bucket_is_ready_and_a_missing_one_is_not(storage: S3FileStorage, moto_url: str):
    await storage.check()
    assert await StorageProbe(storage).status() == "ok"
    missing = S3FileStorage(bucket="jobwise-no-such-bucket", region=REGION, endpoint_url=moto_url)
    with pytest.raises(StorageUnavailableError):
        await missing.check()
    assert await StorageProbe(missing).status() == "error"


async def test_an_unreachable_store_is_unavailable_quickly(tmp_path: Path):
    storage = S3FileStorage(
        bucket="jobwise-exports", region=REGION, endpoint_url=f"http://127.0.0.1:{free_port()}"
    )
    source = tmp_path / "resume.pdf"
    source.write_bytes(b"%PDF")
    attempts = {
        "put_bytes": storage.put_bytes(KEY, b"%PDF", content_type=PDF),
        "put_file": storage.put_file(KEY, source, content_type=PDF),
        "read": read_all(storage, KEY),
        "delete": storage.delete(KEY),
        "check": storage.check(),
    }
    for name, attempt in attempts.items():
        started = time.perf_counter()
        with pytest.raises(StorageUnavailableError):
            await attempt
        assert time.perf_counter() - started < UNREACHABLE_BUDGET_S, name


class ErrorAnswers:
    """An S3 look-alike on loopback that answers every request with one error status."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.requests = 0
        self.lock = threading.Lock()


def error_handler(answers: ErrorAnswers) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def answer(self) -> None:
            with answers.lock:
                answers.requests += 1
            length = int(self.headers.get("Content-Length") or 0)
            if length and self.headers.get("Expect", "").lower() != "100-continue":
                self.rfile.read(length)
            body = b"<Error><Code>Failure</Code><Message>injected</Message></Error>"
            self.send_response(answers.status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.close_connection = True

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = answer

    return Handler


@pytest.fixture
def failing_store(request: pytest.FixtureRequest) -> Iterator[tuple[S3FileStorage, ErrorAnswers]]:
    answers = ErrorAnswers(request.param)
    server = ThreadingHTTPServer(("127.0.0.1", 0), error_handler(answers))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield S3FileStorage(bucket="jobwise-exports", region=REGION, endpoint_url=endpoint), answers
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("failing_store", [500, 503], indirect=True)
async def test_a_store_answering_5xx_is_unavailable_after_bounded_retries(
    failing_store: tuple[S3FileStorage, ErrorAnswers], tmp_path: Path
):
    storage, answers = failing_store
    source = tmp_path / "resume.pdf"
    source.write_bytes(b"%PDF")
    with pytest.raises(StorageUnavailableError):
        await storage.put_bytes(KEY, b"%PDF", content_type=PDF)
    assert answers.requests == 3  # the first try and two retries, then it gives up
    with pytest.raises(StorageUnavailableError):
        await storage.put_file(KEY, source, content_type=PDF)
    with pytest.raises(StorageUnavailableError):
        await read_all(storage, KEY)
    assert await StorageProbe(storage).status() == "error"


@pytest.mark.parametrize("failing_store", [403], indirect=True)
async def test_a_forbidden_bucket_is_a_configuration_error_not_an_outage(
    failing_store: tuple[S3FileStorage, ErrorAnswers], tmp_path: Path
):
    storage, answers = failing_store
    with pytest.raises(ClientError):
        await storage.put_bytes(KEY, b"%PDF", content_type=PDF)
    assert answers.requests == 1  # not retried
    with pytest.raises(ClientError):
        await read_all(storage, KEY)
    with pytest.raises(StorageUnavailableError):
        await storage.check()  # but the service is not ready
