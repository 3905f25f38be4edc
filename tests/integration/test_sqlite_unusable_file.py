"""A SQLite DATABASE_URL naming a file that is not a database: the app says so, and leaks nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.main import create_app
from tests.helpers import make_client, make_settings


def sqlite_workers() -> int:
    return sum(thread.name == "sqlite-worker" for thread in threading.enumerate())


def workers_once_settled(at_most: int) -> int:
    """The count of worker threads, given a moment to finish ending (a stopped worker returns at once)."""
    deadline = time.monotonic() + 5
    while sqlite_workers() > at_most and time.monotonic() < deadline:
        time.sleep(0.02)
    return sqlite_workers()


async def test_a_file_that_is_no_database_is_not_ready_and_each_try_leaves_no_thread_behind(tmp_path: Path):
    path = tmp_path / "jobwise.db"
    path.write_bytes(b"this is a text file, not a SQLite database\n" * 200)
    app = create_app(make_settings(f"sqlite+aiosqlite:///{path}"))
    before = sqlite_workers()

    async with app.router.lifespan_context(app), make_client(app) as client:
        answers = [await client.get("/ready") for _ in range(5)]
        assert (await client.get("/health")).status_code == 200

    for response in answers:
        assert response.status_code == 503
        assert response.json()["checks"]["database"] == "error"
    # Every failed connection attempt started a worker thread; each must have been stopped.
    assert workers_once_settled(before) <= before
    assert path.read_bytes().startswith(b"this is a text file")  # and the file was not overwritten
