"""init_database.py and the maintenance CLI, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(project_root: Path, *args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "BCRYPT_ROUNDS": "4"}
    return subprocess.run(
        [sys.executable, *args], cwd=project_root, env=env, capture_output=True, text=True, check=True
    )


def test_init_database_migrates_and_seeds_the_demo_user_once(project_root: Path, tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    first = run(project_root, "init_database.py", "--demo", database_url=url)
    second = run(project_root, "init_database.py", "--demo", database_url=url)
    assert "demo user demo@jobwise.local created" in first.stdout
    assert "already exists" in second.stdout


def test_cleanup_reports_what_it_deleted(project_root: Path, tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    run(project_root, "-m", "app.cli", "migrate", database_url=url)
    result = run(project_root, "-m", "app.cli", "cleanup", database_url=url)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "refresh_sessions_deleted": 0,
        "reset_tokens_deleted": 0,
        "usage_events_deleted": 0,
        "exports_deleted": 0,
    }
