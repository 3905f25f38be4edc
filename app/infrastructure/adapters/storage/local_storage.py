"""Export files on local disk, under STORAGE_DIR; every file operation runs in a worker thread."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar

import anyio.to_thread

from app.domain.errors import StorageUnavailableError

CHUNK_BYTES = 64 * 1024
TEMP_SUFFIX = ".part"
T = TypeVar("T")


class LocalFileStorage:
    """Files under `root`, one per key; a file appears whole (temp file, fsync, rename) or not at all."""

    def __init__(self, root: Path) -> None:
        self._root = root

    @property
    def backend(self) -> str:
        return "local"

    async def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        """Store `data` under `key` atomically."""
        await _off_loop(self._write_atomically, self._path(key), partial(_write_all, data))

    async def put_file(self, key: str, path: Path, *, content_type: str) -> None:
        """Copy the file at `path` under `key` atomically, a chunk at a time."""
        await _off_loop(self._write_atomically, self._path(key), partial(_copy_from, path))

    async def read(self, key: str) -> AsyncIterator[bytes]:
        """The file's bytes in chunks of CHUNK_BYTES (FileNotFoundError when there is none)."""
        handle = await _off_loop(_open_for_reading, self._path(key))
        try:
            while chunk := await _off_loop(handle.read, CHUNK_BYTES):
                yield chunk
        finally:
            handle.close()  # a file opened for reading has nothing to flush: closing it does not block

    async def delete(self, key: str) -> None:
        """Remove the file; a missing one is no error."""
        await _off_loop(self._path(key).unlink, missing_ok=True)

    async def presigned_url(
        self, key: str, *, filename: str, content_type: str, expires_in_s: int
    ) -> str | None:
        """None: the service streams local files itself, behind its own signed URLs."""
        return None

    async def check(self) -> None:
        """Raise StorageUnavailableError unless a file can be written to (and removed from) the root."""
        await _off_loop(self._write_atomically, self._root / ".ready-check", partial(_write_all, b"ok"))
        await _off_loop((self._root / ".ready-check").unlink, missing_ok=True)  # checks may overlap

    def _path(self, key: str) -> Path:
        """The file of `key`; a key that could leave the root (or name a temp file) is refused."""
        parts = key.split("/")
        if "\\" in key or "\x00" in key or any(not part or part.startswith(".") for part in parts):
            raise ValueError(f"Unsafe storage key: {key!r}")
        return self._root.joinpath(*parts)

    def _write_atomically(self, target: Path, write: Callable[[BinaryIO], None]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The temp file sits beside its target, so the rename stays on one file system (atomic); its
        # name starts with a dot, which no key may, so it can never be taken for a stored file.
        descriptor, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _sync_directory(target.parent)


async def _off_loop(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a blocking file operation in a worker thread; a failing disk is an unavailable store."""
    try:
        return await anyio.to_thread.run_sync(partial(function, *args, **kwargs))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StorageUnavailableError from error


def _open_for_reading(path: Path) -> BinaryIO:
    return path.open("rb")


def _write_all(data: bytes, handle: BinaryIO) -> None:
    handle.write(data)


def _copy_from(source: Path, handle: BinaryIO) -> None:
    with source.open("rb") as reader:
        while chunk := reader.read(CHUNK_BYTES):
            handle.write(chunk)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); where a directory cannot be opened this is skipped."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
