"""A PostgreSQL for the tests of PostgreSQL-only behaviour: TEST_DATABASE_URL when it names one,
else a throw-away server started from the installed binaries (as scripts/with-postgres.sh does)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from alembic import command
from app.cli import alembic_config


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server on a free loopback port with one migrated database; yield its URL."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        pytest.fail(
            "PostgreSQL is not installed: set TEST_DATABASE_URL or install it (scripts/with-postgres.sh)"
        )
    bin_dir = binaries[-1]
    folder = tempfile.mkdtemp(prefix="jobwise-test-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = f"{folder}/data"
    run = {"check": True, "capture_output": True}
    subprocess.run(
        _as_postgres([f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]), **run
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        _as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-l", f"{folder}/log", "-w", "start", "-o", options]),
        **run,
    )
    try:
        subprocess.run(
            [f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "jobwise"], **run
        )
        yield migrated(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/jobwise")
    finally:
        subprocess.run(
            _as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def migrated(url: str) -> str:
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    return url
