"""Real processes on loopback for the scale-out stage (tests/stack) and the load report (bench/scale_bench).

    with scaled_stack() as stack:          # PostgreSQL, redis-server, moto's S3, 2 API instances, 1 worker
        httpx.post(stack.a.base_url + "/api/v1/auth/register", ...)
        stack.kill_worker(); stack.start_worker()

    with single_stack() as stack:          # 1 API instance on SQLite with local files, nothing else
        ...

Everything listens on 127.0.0.1 on free ports and lives in one temporary folder; every program runs in a
session of its own, so stopping it also ends what it started (render workers). Each program's output goes
to a log file whose tail is put in the error when something does not come up. No pytest here: bench/
imports this module too.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import httpx
import redis

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STACK_SECRET = "stack-secret-shared-by-every-instance-0123456789"
BUCKET = "jobwise-stack"
REGION = "us-east-1"
CLOCK_TICK_S = 1 / os.sysconf("SC_CLK_TCK")
START_TIMEOUT_S = 90.0  # a loaded two-core machine starts an API instance in seconds, not minutes
# What the stack sets for every instance and the worker: nothing of the caller's environment may point
# them at another database, Redis, bucket or AWS account (a developer's shell or .env file).
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "stack-access-key",
    "AWS_SECRET_ACCESS_KEY": "stack-secret-key",
    "AWS_EC2_METADATA_DISABLED": "true",
}
CLEARED_ENV = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "TEST_DATABASE_URL",
)


class StackError(RuntimeError):
    """A component did not start or answer; the message carries the tail of its log."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Program:
    """One started program: its process (leader of a session of its own) and its log file."""

    def __init__(self, name: str, argv: list[str], *, env: Mapping[str, str], log: Path) -> None:
        self.name = name
        self._argv = argv
        self._env = dict(env)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                self._argv,
                cwd=ROOT,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        if self.process is None:
            raise StackError(f"{self.name} is not running")
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole session at once: what a crash or a pulled plug looks like."""
        self._signal(signal.SIGKILL)
        self._reap(5)

    def stop(self, *, grace_s: float = 15) -> None:
        """SIGTERM (a graceful shutdown), then SIGKILL for whatever is left of the session."""
        if self.process is None:
            return
        self._signal(signal.SIGTERM)
        if not self._reap(grace_s):
            self._signal(signal.SIGKILL)
            self._reap(5)
        with suppress(ProcessLookupError):  # stragglers of the session (render workers) go too
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def _signal(self, number: int) -> None:
        if self.process is not None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, number)

    def _reap(self, timeout_s: float) -> bool:
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return False
        return True

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def wait_until(check: Callable[[], bool], *, what: str, program: Program, timeout_s: float) -> None:
    """Poll `check` until it holds; fail with `program`'s log when it exits or the time is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not program.alive:
            raise StackError(f"{program.name} exited while waiting for {what}:\n{program.tail()}")
        with suppress(httpx.HTTPError, redis.RedisError, OSError):
            if check():
                return
        time.sleep(0.1)
    raise StackError(f"{program.name}: no {what} after {timeout_s:.0f} s:\n{program.tail()}")


def tree_cpu_s(pid: int, *, children: bool = True) -> float:
    """CPU seconds (user + system) of a process and, unless `children` is false, of every live descendant
    and every reaped child of theirs."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            below = [
                int(child)
                for task in Path(f"/proc/{current}/task").iterdir()
                for child in (task / "children").read_text().split()
            ]
        except (FileNotFoundError, ProcessLookupError):
            continue  # it ended meanwhile
        counted = fields[11:15] if children else fields[11:13]  # utime stime (cutime cstime)
        total += sum(int(value) for value in counted) * CLOCK_TICK_S
        pending += below if children else []
    return total


# --- the components ---


class Postgres:
    """A throw-away cluster started with pg_ctl (as tests/postgres_server.py does), one database."""

    def __init__(self, folder: Path) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
        if not binaries:
            raise StackError("PostgreSQL is not installed (scripts/stack-tests.sh installs it)")
        self._bin = binaries[-1]
        self._folder = folder / "postgres"
        self._folder.mkdir()
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self._folder, "postgres")
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/jobwise"

    def _as_postgres(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(self._as_postgres(argv), capture_output=True, text=True)
        if done.returncode != 0:
            raise StackError(f"{argv[0]} failed: {done.stderr.strip()}\n{self._log_tail()}")

    def _log_tail(self) -> str:
        log = self._folder / "log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def start(self) -> None:
        data = str(self._folder / "data")
        self._run([f"{self._bin}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"])
        # Durability off: a throw-away cluster; connections enough for two instances' pools and overflow.
        options = (
            f"-p {self.port} -k {self._folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = str(self._folder / "log")
        self._run([f"{self._bin}/pg_ctl", "-D", data, "-l", log, "-w", "start", "-o", options])
        self._run(
            [f"{self._bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "jobwise"]
        )

    @property
    def pid(self) -> int:
        """The postmaster (its backends are its children)."""
        return int((self._folder / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        data = str(self._folder / "data")
        subprocess.run(
            self._as_postgres([f"{self._bin}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            capture_output=True,
        )


def redis_program(folder: Path) -> tuple[Program, str]:
    """redis-server without persistence; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise StackError("redis-server is not installed (scripts/stack-tests.sh installs it)")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    argv += ["--dir", str(folder)]
    return Program("redis", argv, env=os.environ, log=folder / "redis.log"), f"redis://127.0.0.1:{port}/0"


def moto_program(folder: Path) -> tuple[Program, str]:
    """moto's S3 server as a process of its own; its endpoint URL."""
    port = free_port()
    argv = [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    return Program("s3", argv, env=os.environ, log=folder / "s3.log"), f"http://127.0.0.1:{port}"


@dataclass
class Instance:
    """One API instance: `python -m uvicorn app.main:create_app --factory` on its own port."""

    name: str
    base_url: str
    program: Program


@dataclass
class Stack:
    """The started processes; `env` is what every instance and the worker were given."""

    folder: Path
    env: dict[str, str]
    instances: list[Instance] = field(default_factory=list)
    worker: Program | None = None
    components: dict[str, Program] = field(default_factory=dict)  # redis, s3
    postgres: Postgres | None = None

    @property
    def a(self) -> Instance:
        return self.instances[0]

    @property
    def b(self) -> Instance:
        return self.instances[-1]

    def start_worker(self) -> None:
        """Start `python -m app.worker` (again) and wait until it polls the queue."""
        # A killed worker's health-check key outlives it (arq deletes it only on a clean stop).
        self._health_keys(delete=True)
        worker = Program("worker", [PYTHON, "-m", "app.worker"], env=self.env, log=self.folder / "worker.log")
        worker.start()
        self.worker = worker
        wait_until(self._health_keys, what="queue polling", program=worker, timeout_s=START_TIMEOUT_S)

    def _health_keys(self, *, delete: bool = False) -> bool:
        """Whether arq's health-check key is there (its worker's poll loop runs); `delete` removes it."""
        client = redis.Redis.from_url(self.env["REDIS_URL"])
        try:
            keys = list(client.scan_iter(match="*health-check*", count=100))
            if delete and keys:
                client.delete(*keys)
            return bool(keys)
        finally:
            client.close()

    def stop_worker(self) -> None:
        """SIGTERM the worker, SIGKILL after its grace."""
        if self.worker is not None:
            self.worker.stop()

    def kill_worker(self) -> None:
        """SIGKILL the worker (and anything it started) mid-whatever."""
        if self.worker is not None:
            self.worker.kill()

    def cpu_s(self) -> dict[str, float]:
        """CPU seconds used so far per component: each instance, the worker, postgres, redis, s3."""
        used = {instance.name: tree_cpu_s(instance.program.pid) for instance in self.instances}
        if self.worker is not None and self.worker.alive:
            used["worker"] = tree_cpu_s(self.worker.pid)
        if self.postgres is not None:
            used["postgres"] = tree_cpu_s(self.postgres.pid)
        for name, program in self.components.items():
            used[name] = tree_cpu_s(program.pid)
        return used

    def logs(self, lines: int = 30) -> str:
        """The tail of every program's log, for a failure message."""
        programs = [instance.program for instance in self.instances] + list(self.components.values())
        programs += [self.worker] if self.worker is not None else []
        return "\n".join(f"--- {program.name} ---\n{program.tail(lines)}" for program in programs)


def _base_env(folder: Path, settings: Mapping[str, str]) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CLEARED_ENV}
    env.update(
        {
            "JWT_SECRET": STACK_SECRET,
            "LLM_PROVIDER": "local",  # unless the caller's settings name a (loopback) model
            "REDIS_KEY_PREFIX": "jobwise-stack",
            "DATA_DIR": str(folder / "data"),  # the generated files of one instance (none is needed)
            "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
            **AWS_ENV,
            **settings,
        }
    )
    return env


def _migrate(env: Mapping[str, str]) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "app.cli", "migrate"], cwd=ROOT, env=dict(env), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise StackError(f"migration failed:\n{done.stderr[-3000:]}")


def _start_instance(name: str, port: int, *, env: Mapping[str, str], folder: Path) -> Instance:
    argv = [PYTHON, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    data = folder / f"data-{name}"
    data.mkdir()
    program = Program(name, argv, env={**env, "DATA_DIR": str(data)}, log=folder / f"{name}.log")
    program.start()
    return Instance(name, f"http://127.0.0.1:{port}", program)


def _wait_ready(instance: Instance) -> None:
    def ready() -> bool:
        return httpx.get(instance.base_url + "/ready", timeout=2).status_code == 200

    wait_until(ready, what="200 on /ready", program=instance.program, timeout_s=START_TIMEOUT_S)


def _start_instances(stack: Stack, names: list[str], cleanup: ExitStack) -> None:
    """Every instance started at once (they start in parallel), then each waited for."""
    ports = {name: free_port() for name in names}
    env = dict(stack.env)
    if "PUBLIC_BASE_URL" not in env:  # links point at the first instance, whichever serves the request
        env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{ports[names[0]]}"
    stack.env = env
    for name in names:
        instance = _start_instance(name, ports[name], env=env, folder=stack.folder)
        cleanup.callback(instance.program.stop)
        stack.instances.append(instance)
    for instance in stack.instances:
        _wait_ready(instance)


@contextmanager
def scaled_stack(
    *, instances: int = 2, worker: bool = True, settings: Mapping[str, str] | None = None
) -> Iterator[Stack]:
    """PostgreSQL, Redis and S3 (moto), the migration once, `instances` API instances and a worker."""
    with tempfile.TemporaryDirectory(prefix="jobwise-stack-") as name, ExitStack() as cleanup:
        folder = Path(name)
        if os.geteuid() == 0:  # the postgres user writes its cluster under it
            folder.chmod(0o755)
        postgres = Postgres(folder)
        cleanup.callback(postgres.stop)
        redis_server, redis_url = redis_program(folder)
        s3_server, s3_url = moto_program(folder)
        for program in (redis_server, s3_server):
            program.start()
            cleanup.callback(program.stop, grace_s=5)
        postgres.start()
        wait_until(lambda: _port_open(redis_url), what="its port", program=redis_server, timeout_s=20)
        wait_until(lambda: _port_open(s3_url), what="its port", program=s3_server, timeout_s=START_TIMEOUT_S)
        _create_bucket(s3_url)
        env = _base_env(
            folder,
            {
                "DATABASE_URL": postgres.url,
                "REDIS_URL": redis_url,
                "STORAGE_BACKEND": "s3",
                "S3_BUCKET": BUCKET,
                "S3_ENDPOINT_URL": s3_url,
                "S3_REGION": REGION,
                **(settings or {}),
            },
        )
        _migrate(env)
        stack = Stack(folder, env, components={"redis": redis_server, "s3": s3_server}, postgres=postgres)
        _start_instances(stack, [chr(ord("a") + number) for number in range(instances)], cleanup)
        if worker:
            cleanup.callback(stack.stop_worker)
            stack.start_worker()
        yield stack


@contextmanager
def single_stack(*, settings: Mapping[str, str] | None = None) -> Iterator[Stack]:
    """One API instance on a SQLite file with local export files: the default deployment."""
    with tempfile.TemporaryDirectory(prefix="jobwise-single-") as name, ExitStack() as cleanup:
        folder = Path(name)
        env = _base_env(
            folder,
            {
                "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/jobwise.db",
                "REDIS_URL": "",
                "STORAGE_BACKEND": "local",
                "STORAGE_DIR": str(folder / "exports"),
                **(settings or {}),
            },
        )
        _migrate(env)
        stack = Stack(folder, env)
        _start_instances(stack, ["a"], cleanup)
        yield stack


def _port_open(url: str) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1].split("/")[0]))) == 0


def _create_bucket(endpoint_url: str) -> None:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
