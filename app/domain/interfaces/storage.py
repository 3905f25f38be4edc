"""Port for where export files live: local disk (default) or an S3 bucket."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol


class FileStorage(Protocol):
    """Every method raises StorageUnavailableError when the store cannot be reached."""

    @property
    def backend(self) -> str:
        """`local` or `s3`."""
        ...

    async def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        """Store `data` under `key`, whole or not at all (no partial object is ever visible)."""

    async def put_file(self, key: str, path: Path, *, content_type: str) -> None:
        """Store the file at `path` under `key` (large files: streamed, never read whole into memory)."""

    def read(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks (FileNotFoundError when there is none)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is no error."""

    async def presigned_url(
        self, key: str, *, filename: str, content_type: str, expires_in_s: int
    ) -> str | None:
        """A URL that downloads the object without credentials (S3), or None: serve it yourself (local)."""

    async def check(self) -> None:
        """Readiness: raise StorageUnavailableError unless the store answers."""
