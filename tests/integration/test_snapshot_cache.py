"""SQLite's snapshot cache: a value is served again only while nothing was committed since."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.infrastructure.database.snapshot_cache import SnapshotCache
from app.infrastructure.database.sqlite_driver import open_point_reader


def writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    return connection


def test_a_cached_value_lives_until_another_connection_commits(tmp_path: Path):
    path = tmp_path / "cache.db"
    other = writer(path)
    cache = SnapshotCache(open_point_reader(str(path)))
    assert cache.get("count") is None
    cache.put("count", 0)
    assert cache.get("count") == 0
    other.execute("INSERT INTO t VALUES (1)")
    assert cache.get("count") is None
    cache.put("count", 1)
    assert cache.get("count") == 1


def test_an_uncommitted_write_does_not_invalidate(tmp_path: Path):
    path = tmp_path / "cache.db"
    other = writer(path)
    cache = SnapshotCache(open_point_reader(str(path)))
    cache.get("k")
    cache.put("k", "v")
    other.execute("BEGIN")
    other.execute("INSERT INTO t VALUES (1)")
    assert cache.get("k") == "v"
    other.execute("ROLLBACK")
    assert cache.get("k") == "v"


def test_the_cache_never_grows_past_its_bound(tmp_path: Path):
    cache = SnapshotCache(open_point_reader(str(tmp_path / "cache.db")), max_entries=3)
    cache.get("first")
    for key in range(5):
        cache.put(key, key)
    assert [cache.get(key) for key in range(5)] == [None, None, None, 3, 4]


def test_the_cache_holds_at_most_its_size_in_text(tmp_path: Path):
    cache = SnapshotCache(open_point_reader(str(tmp_path / "cache.db")), max_size=100)
    cache.get("first")
    cache.put("a", "x" * 60, size=60)
    cache.put("b", "y" * 60, size=60)  # would pass 100: the older entries go
    cache.put("huge", "z" * 500, size=500)  # larger than the whole cache: not kept
    assert [cache.get(key) for key in ("a", "b", "huge")] == [None, None, None]
    cache.put("c", "w" * 30, size=30)
    assert cache.get("c") == "w" * 30
