"""moto's standalone S3 server on 127.0.0.1, fake AWS credentials, and the SigV4 checks moto leaves out.

    with fake_aws_credentials(tmp_dir), moto_server() as endpoint_url:
        boto3.client("s3", endpoint_url=endpoint_url, region_name=REGION).create_bucket(Bucket="b")
        ...
        assert_sigv4_presigned(url, expires_in_s=900)

No AWS account is used or reached: the credentials are made up and every endpoint is loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer

from tests.helpers import free_port

REGION = "us-east-1"
ACCESS_KEY_ID = "testing-access-key"


@contextmanager
def moto_server() -> Iterator[str]:
    """The S3 HTTP API on a free loopback port; yields its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


class StoppableMotoServer:
    """moto's S3 server that can be stopped and started again on the same port; the buckets and
    objects live in this process's moto backend, so they are there again after a restart."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self._port = port
        self._server: ThreadedMotoServer | None = None

    def start(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self._port, verbose=False)
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


@contextmanager
def stoppable_moto_server(port: int) -> Iterator[StoppableMotoServer]:
    """A started StoppableMotoServer on `port` (a free one), stopped afterwards."""
    server = StoppableMotoServer(port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def stoppable_bucket(nowhere: Path, bucket: str) -> Iterator[StoppableMotoServer]:
    """A StoppableMotoServer on a free port with `bucket` created in it, under fake credentials."""
    with fake_aws_credentials(nowhere), stoppable_moto_server(free_port()) as server:
        boto3.client("s3", endpoint_url=server.url, region_name=REGION).create_bucket(Bucket=bucket)
        yield server


@contextmanager
def fake_aws_credentials(nowhere: Path) -> Iterator[None]:
    """boto3's standard chain finds these first; no profile file or metadata server is consulted.

    `nowhere` is an empty directory standing in for ~/.aws.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-key")
        patch.setenv("AWS_CONFIG_FILE", str(nowhere / "config"))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere / "credentials"))
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
            patch.delenv(name, raising=False)
        yield


def assert_sigv4_presigned(url: str, *, expires_in_s: int) -> dict[str, str]:
    """Check what moto does not: `url` is presigned with SigV4 (not the legacy scheme) for `expires_in_s`.

    Returns the URL's query parameters.
    """
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == str(expires_in_s)
    assert len(query["X-Amz-Signature"]) == 64
    assert set(query["X-Amz-Signature"]) <= set("0123456789abcdef")
    assert query["X-Amz-Credential"].startswith(f"{ACCESS_KEY_ID}/")
    assert query["X-Amz-Credential"].endswith(f"/{REGION}/s3/aws4_request")
    assert "Signature" not in query
    assert "AWSAccessKeyId" not in query
    assert urlsplit(url).hostname == "127.0.0.1"
    return query


async def fetch_without_credentials(url: str) -> httpx.Response:
    """GET `url` as a browser following a link would: no token, no AWS headers, no proxy from the env."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(url)
    assert "authorization" not in response.request.headers
    return response
