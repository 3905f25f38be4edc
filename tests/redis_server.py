"""A Redis for the tests of the scale-out paths: TEST_REDIS_URL when it names one, else a throw-away
`redis-server` from Debian's package (run-tests.sh installs it) on a free loopback port.

The throw-away server can be stopped and started again on the same port, for the tests of what the
service does while Redis is unreachable and after it comes back.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class RedisServer:
    """One `redis-server` process without persistence, on 127.0.0.1:`port`."""

    def __init__(self, port: int, folder: str) -> None:
        self.port = port
        self._folder = folder
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed: ./run-tests.sh installs it, or set TEST_REDIS_URL")
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(
            [binary, *options, "--dir", self._folder, "--logfile", f"{self._folder}/log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop at once (SIGKILL): what a crashed or unplugged Redis looks like to its clients."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_redis() -> Iterator[RedisServer]:
    """A started server that is stopped and removed afterwards."""
    folder = tempfile.mkdtemp(prefix="jobwise-test-redis-")
    server = RedisServer(free_port(), folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def configured_redis_url() -> str | None:
    """TEST_REDIS_URL when the run was given a Redis of its own."""
    return os.environ.get("TEST_REDIS_URL") or None
