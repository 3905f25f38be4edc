"""Export files on local disk: whole or absent, inside the root only, read in chunks, a readiness check."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.domain.errors import StorageUnavailableError
from app.domain.interfaces.storage import FileStorage
from app.infrastructure.adapters.storage import local_storage
from app.infrastructure.adapters.storage.local_storage import CHUNK_BYTES, LocalFileStorage
from app.infrastructure.readiness import StorageProbe

KEY = "exports/7/6f1c2a4e-8d0b-4c47-9a51-2b7f3c9e0d18.pdf"
PDF = "application/pdf"


async def read_all(storage: FileStorage, key: str) -> list[bytes]:
    return [chunk async for chunk in storage.read(key)]


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


async def test_stored_bytes_read_back_in_chunks(tmp_path: Path):
    storage = LocalFileStorage(tmp_path / "exports-root")
    data = os.urandom(CHUNK_BYTES * 2 + 100)
    await storage.put_bytes(KEY, data, content_type=PDF)
    chunks = await read_all(storage, KEY)
    assert [len(chunk) for chunk in chunks] == [CHUNK_BYTES, CHUNK_BYTES, 100]
    assert b"".join(chunks) == data
    assert files_under(tmp_path / "exports-root") == [KEY]
    assert stat.S_IMODE((tmp_path / "exports-root" / KEY).stat().st_mode) == 0o600  # owner-only
    assert storage.backend == "local"
    assert await storage.presigned_url(KEY, filename="a.pdf", content_type=PDF, expires_in_s=60) is None


async def test_a_file_is_copied_in_whole_and_replaces_the_previous_version(tmp_path: Path):
    storage = LocalFileStorage(tmp_path / "root")
    source = tmp_path / "batch.zip"
    source.write_bytes(os.urandom(CHUNK_BYTES * 3 + 1))
    await storage.put_bytes(KEY, b"old version", content_type=PDF)
    await storage.put_file(KEY, source, content_type="application/zip")
    assert b"".join(await read_all(storage, KEY)) == source.read_bytes()
    assert files_under(tmp_path / "root") == [KEY]


@pytest.mark.parametrize("target", ["new", "existing"])
async def test_a_write_failing_midway_leaves_no_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
):
    storage = LocalFileStorage(tmp_path)
    if target == "existing":
        await storage.put_bytes(KEY, b"the previous export", content_type=PDF)
    written: list[int] = []

    def disk_full(descriptor: int) -> None:
        written.append(os.fstat(descriptor).st_size)  # the data had reached the temp file
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(local_storage.os, "fsync", disk_full)
    with pytest.raises(StorageUnavailableError):
        await storage.put_bytes(KEY, b"x" * 5000, content_type=PDF)
    monkeypatch.undo()
    assert written == [5000]
    if target == "existing":
        assert files_under(tmp_path) == [KEY]
        assert b"".join(await read_all(storage, KEY)) == b"the previous export"
    else:
        assert files_under(tmp_path) == []


async def test_a_copy_whose_source_vanishes_leaves_nothing_behind(tmp_path: Path):
    storage = LocalFileStorage(tmp_path / "root")
    with pytest.raises(FileNotFoundError):
        await storage.put_file(KEY, tmp_path / "gone.zip", content_type="application/zip")
    assert files_under(tmp_path / "root") == []


@pytest.mark.parametrize(
    "key",
    [
        "../escape.pdf",
        "exports/7/../../../etc/passwd",
        "exports/..",
        "/etc/passwd",
        "exports\\7\\a.pdf",
        "exports//a.pdf",
        "exports/7/",
        "",
        "exports/.hidden.pdf",
        "exports/7/a.pdf\x00.txt",
    ],
)
async def test_a_key_that_could_leave_the_root_is_refused(tmp_path: Path, key: str):
    storage = LocalFileStorage(tmp_path / "root")
    with pytest.raises(ValueError, match="Unsafe storage key"):
        await storage.put_bytes(key, b"data", content_type=PDF)
    with pytest.raises(ValueError, match="Unsafe storage key"):
        await read_all(storage, key)
    with pytest.raises(ValueError, match="Unsafe storage key"):
        await storage.delete(key)
    assert files_under(tmp_path) == []


async def test_reading_a_missing_file_is_file_not_found(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        await read_all(LocalFileStorage(tmp_path), KEY)


async def test_deleting_removes_the_file_and_a_missing_one_is_no_error(tmp_path: Path):
    storage = LocalFileStorage(tmp_path)
    await storage.put_bytes(KEY, b"data", content_type=PDF)
    await storage.delete(KEY)
    await storage.delete(KEY)
    assert files_under(tmp_path) == []


async def test_a_reader_that_stops_early_lets_go_of_the_file(tmp_path: Path):
    storage = LocalFileStorage(tmp_path)
    await storage.put_bytes(KEY, os.urandom(CHUNK_BYTES * 4), content_type=PDF)
    open_before = len(os.listdir("/proc/self/fd"))
    reader = storage.read(KEY)
    assert len(await anext(reader)) == CHUNK_BYTES
    await reader.aclose()  # a client that disconnects mid-download
    assert len(os.listdir("/proc/self/fd")) == open_before


async def test_a_writable_directory_is_ready_and_leaves_no_trace(tmp_path: Path):
    storage = LocalFileStorage(tmp_path / "not-yet-made")
    await storage.check()
    assert await StorageProbe(storage).status() == "ok"
    assert StorageProbe(storage).name == "storage"
    assert files_under(tmp_path) == []


async def test_a_directory_that_cannot_be_written_is_unavailable(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    storage = LocalFileStorage(blocker / "exports")
    with pytest.raises(StorageUnavailableError):
        await storage.check()
    assert await StorageProbe(storage).status() == "error"
    with pytest.raises(StorageUnavailableError):
        await storage.put_bytes(KEY, b"data", content_type=PDF)
