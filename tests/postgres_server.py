"""A PostgreSQL for the tests of PostgreSQL-only behaviour: TEST_DATABASE_URL when it names one,
else a throw-away server started from the installed binaries (as scripts/with-postgres.sh does).

The throw-away server can be stopped and started again on the same port and data, for the tests of
what the service answers while its database is unreachable and after it comes back.
"""

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


class PostgresServer:
    """One initialised data directory served on 127.0.0.1:`port` while started."""

    def __init__(self, bin_dir: str, folder: str, port: int) -> None:
        self.port = port
        self._bin = bin_dir
        self._folder = folder
        self._data = f"{folder}/data"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/jobwise"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self._folder} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off"
        )
        command_line = [f"{self._bin}/pg_ctl", "-D", self._data, "-l", f"{self._folder}/log", "-w", "start"]
        subprocess.run(_as_postgres([*command_line, "-o", options]), check=True, capture_output=True)

    def stop(self, *, mode: str = "fast") -> None:
        """Stop: open connections are cut, new ones refused. `fast` keeps every committed write (this
        server runs with synchronous_commit off); `immediate` is a crash, losing the last commits."""
        subprocess.run(
            _as_postgres([f"{self._bin}/pg_ctl", "-D", self._data, "-m", mode, "-w", "stop"]),
            capture_output=True,
        )


@contextmanager
def throwaway_postgres_server() -> Iterator[PostgresServer]:
    """Start a server on a free loopback port with one migrated database `jobwise`."""
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
    server = PostgresServer(bin_dir, folder, port)
    subprocess.run(
        _as_postgres(
            [f"{bin_dir}/initdb", "-D", f"{folder}/data", "-U", "postgres", "-A", "trust", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    server.start()
    try:
        subprocess.run(
            [f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "jobwise"],
            check=True,
            capture_output=True,
        )
        migrated(server.url)
        yield server
    finally:
        server.stop(mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server on a free loopback port with one migrated database; yield its URL."""
    with throwaway_postgres_server() as server:
        yield server.url


def migrated(url: str) -> str:
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    return url
