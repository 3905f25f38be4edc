"""Export files in a private S3 bucket (or an S3-compatible server), through boto3 in worker threads."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
import boto3.session
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from app.domain.errors import StorageUnavailableError

CHUNK_BYTES = 64 * 1024
CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 10.0
MAX_ATTEMPTS = 3  # the first try included; botocore's standard mode waits ~50-100 ms between them
# Multipart uploads from disk: parts of 8 MiB, a few at a time (this is one worker thread among many).
TRANSFER = TransferConfig(multipart_threshold=8 * 1024 * 1024, max_concurrency=4)
T = TypeVar("T")


class S3FileStorage:
    """One boto3 client, made at start-up; credentials come from boto3's standard chain."""

    def __init__(self, *, bucket: str, region: str, endpoint_url: str | None = None) -> None:
        self._bucket = bucket
        config = Config(
            region_name=region,
            # SigV4 for every request and presigned URL (boto3 presigns with the legacy scheme otherwise).
            signature_version="s3v4",
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
            # S3-compatible servers are reached by path (http://host:9000/bucket/key): a bucket name as
            # a sub-domain of `localhost` or of an IP address resolves nowhere.
            s3={"addressing_style": "path"} if endpoint_url else None,
        )
        self._client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)

    @property
    def backend(self) -> str:
        return "s3"

    async def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        """Store `data` under `key` (an S3 PUT is visible whole or not at all)."""
        await self._call(
            self._client.put_object, Bucket=self._bucket, Key=key, Body=data, ContentType=content_type
        )

    async def put_file(self, key: str, path: Path, *, content_type: str) -> None:
        """Upload the file at `path` from disk (multipart when large), never reading it whole."""
        await self._call(
            self._client.upload_file,
            Filename=str(path),
            Bucket=self._bucket,
            Key=key,
            ExtraArgs={"ContentType": content_type},
            Config=TRANSFER,
        )

    async def read(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks (FileNotFoundError when there is none)."""
        try:
            response = await self._call(self._client.get_object, Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _status(error) == 404:
                raise FileNotFoundError(key) from error
            raise
        body = response["Body"]
        try:
            while chunk := await self._call(body.read, CHUNK_BYTES):
                yield chunk
        finally:
            body.close()  # hands the connection back to the pool, or drops it: no waiting either way

    async def delete(self, key: str) -> None:
        """Remove the object; S3 answers a missing one like a deleted one."""
        await self._call(self._client.delete_object, Bucket=self._bucket, Key=key)

    async def presigned_url(self, key: str, *, filename: str, content_type: str, expires_in_s: int) -> str:
        """A SigV4 presigned GET that downloads the object as an attachment named `filename`."""
        params = {
            "Bucket": self._bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{_quoted(filename)}"',
            "ResponseContentType": content_type,
        }
        # Off the loop too: the first call may fetch credentials (an instance role asks the metadata server).
        url: str = await self._call(
            self._client.generate_presigned_url, "get_object", Params=params, ExpiresIn=expires_in_s
        )
        return url

    async def check(self) -> None:
        """Raise StorageUnavailableError unless the bucket answers (missing, forbidden, no credentials...)."""
        try:
            await self._call(self._client.head_bucket, Bucket=self._bucket)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailableError from error

    async def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one boto3 call in a worker thread; an unreachable or failing store is unavailable."""
        try:
            return await anyio.to_thread.run_sync(partial(function, *args, **kwargs))
        except (BotoCoreError, ClientError, S3UploadFailedError) as error:
            if _unreachable(error):
                raise StorageUnavailableError from error
            raise


def _unreachable(error: Exception) -> bool:
    """Connection failures, timeouts and 5xx answers, which retrying later may cure.

    Other errors (no credentials, a forbidden or missing bucket) are the deployment's to fix: they pass
    through to the logs as they are, and the readiness check reports them.
    """
    if isinstance(error, S3UploadFailedError):  # upload_file wraps the client's error in this one
        error = error.__context__ if isinstance(error.__context__, Exception) else error
    if isinstance(error, ClientError):
        return _status(error) >= 500
    return isinstance(error, BotoConnectionError | HTTPClientError)


def _status(error: ClientError) -> int:
    status: int = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return status


def _quoted(filename: str) -> str:
    """The name inside a quoted header parameter: no quote or backslash can end it early."""
    return filename.replace("\\", "_").replace('"', "_")
