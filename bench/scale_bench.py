"""Scale-out load report (issue 15): `python -m bench.scale_bench` (or `bench/scale.sh`) prints the tables.

A mixed workload (browse, list jobs, get profile, create job, generate resume, export PDF) at rising
concurrency against (a) one instance on SQLite with local files and (b) two instances and one worker on
PostgreSQL, Redis and S3 (moto), all real processes started by tests/stack/processes.py on this machine.
Each level runs SCALE_BENCH_SECONDS (20) per configuration; the load generator (this process, httpx) sends
every request to the instances in turn, as a round-robin proxy would. Any answer other than the expected
status is an error: the report is printed and the command fails.

Then the sizing model: each endpoint class alone, a fixed number of requests, with the CPU seconds every
server process used (/proc/<pid>/stat before and after, children included) divided per request; the queued
generations' cost is the worker's CPU per job. The machine's 2 cores are shared by the generator and every
server: the throughput rows say what two instances gave here, the CPU rows what a request costs anywhere.
SCALE_BENCH_LEVELS (4,16,32) sets the concurrency levels, SCALE_BENCH_CONFIGS (single,scaled) the
configurations.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.stack.processes import Stack, scaled_stack, single_stack, tree_cpu_s

API = "/api/v1"
DATA = json.loads((Path(__file__).resolve().parent / "generation_profile.json").read_text())
RESUME = {"max_experiences": 2, "max_projects": 1, "include_summary": True}
USERS = 8
# The mix, as a repeated schedule of 20 requests: browse 30 %, list jobs 20 %, get profile 20 %,
# create job 15 %, generate resume 10 %, export PDF 5 %.
MIX = {"browse": 6, "list jobs": 4, "get profile": 4, "create job": 3, "generate resume": 2, "export PDF": 1}
SCHEDULE = [name for name, weight in MIX.items() for _ in range(weight)]
# Requests per endpoint class when it is measured alone for the sizing model (at concurrency 4).
CALIBRATION = {
    "browse": 300,
    "list jobs": 300,
    "get profile": 300,
    "create job": 200,
    "generate resume": 150,
    "export PDF": 24,
}
QUEUED_JOBS = 30  # async resumes for the worker's cost per job
TARGET_UTILISATION = 0.7  # plan each process at 70 % of a core: headroom for bursts
SETTINGS = {
    "BCRYPT_ROUNDS": "4",  # registration is set-up, not part of the mix
    "RATE_LIMIT_EXPORTS_PER_HOUR": "1000000",
    "RATE_LIMIT_STORAGE_BYTES": str(1 << 40),
    "LOG_LEVEL": "WARNING",
}


@dataclass
class User:
    headers: dict[str, str]
    job_id: str
    generation_id: str


@dataclass
class Sample:
    endpoint: str
    latency_ms: float
    error: str | None


@dataclass
class Level:
    config: str
    concurrency: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    server_cpu_s: float = 0.0  # every server process of the stack, during the level

    @property
    def errors(self) -> list[Sample]:
        return [sample for sample in self.samples if sample.error is not None]


class Load:
    """The signed-in users of one stack and the requests of the mix, sent to its instances in turn."""

    def __init__(self, stack: Stack, clients: list[httpx.AsyncClient]) -> None:
        self.stack = stack
        self._clients = clients
        self._turn = itertools.count()
        self._colours = itertools.count(1)
        self._jobs = itertools.count(1)
        self.users: list[User] = []

    def client(self) -> httpx.AsyncClient:
        return self._clients[next(self._turn) % len(self._clients)]

    async def call(self, method: str, path: str, expect: int, **kwargs: Any) -> dict[str, Any]:
        response = await self.client().request(method, API + path, **kwargs)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response.json() if response.content else {}

    async def sign_up(self, number: int) -> User:
        account = {
            "email": f"load{number}@example.com",
            "password": "load-bench-password",
            "full_name": "Ada Load",
        }
        token = (await self.call("POST", "/auth/register", 201, json=account))["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        await self.call("POST", "/profiles", 201, json=DATA["profile"], headers=headers)
        job = await self.call("POST", "/jobs", 201, json=DATA["job"], headers=headers)
        body = {"job_id": job["id"], **RESUME}
        resume = await self.call("POST", "/generations/resume", 201, json=body, headers=headers)
        return User(headers, job["id"], resume["generation_id"])

    def operation(self, name: str, user: User) -> Awaitable[object]:
        """One request of the mix as `user`."""
        headers = user.headers
        if name == "browse":
            return self.call("GET", "/jobs/browse", 200, params={"limit": 20}, headers=headers)
        if name == "list jobs":
            return self.call("GET", "/jobs", 200, params={"limit": 20}, headers=headers)
        if name == "get profile":
            return self.call("GET", "/profiles/me", 200, headers=headers)
        if name == "create job":
            job = {**DATA["job"], "title": f"{DATA['job']['title']} {next(self._jobs)}"}
            return self.call("POST", "/jobs", 201, json=job, headers=headers)
        if name == "generate resume":
            return self.call(
                "POST", "/generations/resume", 201, json={"job_id": user.job_id, **RESUME}, headers=headers
            )
        colour = f"#{next(self._colours) * 7919 % 0xFFFFFF:06X}"  # a new option: rendered, not reused
        body = {
            "generation_id": user.generation_id,
            "template": "modern",
            "options": {"accent_color": colour},
        }
        return self.call("POST", "/exports/pdf", 201, json=body, headers=headers)

    async def queued_resume(self, user: User) -> None:
        """POST ?mode=async, then poll until the job is completed (60 s at most)."""
        body = {"job_id": user.job_id, **RESUME}
        params = {"mode": "async"}
        queued = await self.call(
            "POST", "/generations/resume", 202, params=params, json=body, headers=user.headers
        )
        location = f"/generations/{queued['generation_id']}"
        for _ in range(3000):
            status = (await self.call("GET", location, 200, headers=user.headers))["status"]
            if status in ("completed", "failed"):
                break
            await asyncio.sleep(0.02)
        if status != "completed":
            raise RuntimeError(f"queued resume {queued['generation_id']}: {status}")


async def _timed(load: Load, name: str, user: User, samples: list[Sample]) -> None:
    started = time.perf_counter()
    error = None
    try:
        await load.operation(name, user)
    except (RuntimeError, httpx.HTTPError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    samples.append(Sample(name, (time.perf_counter() - started) * 1000, error))


async def _timed_as(load: Load, name: str, samples: list[Sample], number: int) -> None:
    """One request of `name` as the `number`th user."""
    await _timed(load, name, load.users[number], samples)


async def run_level(load: Load, config: str, concurrency: int, seconds: float) -> Level:
    """`concurrency` clients, each sending the mix's schedule back to back for `seconds`."""
    level = Level(config, concurrency, seconds)
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        user = load.users[number % len(load.users)]
        for step in itertools.count(number):  # clients start at different places of the schedule
            if time.perf_counter() >= deadline:
                return
            await _timed(load, SCHEDULE[step % len(SCHEDULE)], user, level.samples)

    started, before = time.perf_counter(), sum(load.stack.cpu_s().values())
    await asyncio.gather(*(client(number) for number in range(concurrency)))
    level.seconds = time.perf_counter() - started
    level.server_cpu_s = sum(load.stack.cpu_s().values()) - before
    return level


@dataclass(frozen=True)
class Cost:
    """CPU milliseconds per request of one endpoint class, by where they were spent."""

    endpoint: str
    instance_ms: float  # the uvicorn processes themselves (one core each at most: the GIL)
    render_ms: float  # their children: the PDF render workers
    backing_ms: float  # PostgreSQL, Redis and S3 (or nothing on SQLite: in the instance)
    worker_ms: float = 0.0

    @property
    def total_ms(self) -> float:
        return self.instance_ms + self.render_ms + self.backing_ms + self.worker_ms


def _cpu(stack: Stack) -> dict[str, float]:
    used = stack.cpu_s()
    used["own"] = sum(tree_cpu_s(instance.program.pid, children=False) for instance in stack.instances)
    return used


def _cost(endpoint: str, stack: Stack, before: dict[str, float], after: dict[str, float], count: int) -> Cost:
    def spent(names: list[str]) -> float:
        return sum(after.get(name, 0.0) - before.get(name, 0.0) for name in names) * 1000 / count

    instances = [instance.name for instance in stack.instances]
    own = spent(["own"])
    return Cost(
        endpoint,
        instance_ms=own,
        render_ms=max(0.0, spent(instances) - own),  # tick rounding can leave a hair below zero
        backing_ms=spent(["postgres", "redis", "s3"]),
        worker_ms=spent(["worker"]),
    )


async def _spread(count: int, work: Callable[[int], Awaitable[None]], *, clients: int = 4) -> None:
    """`count` calls of `work(client number)`, by `clients` clients sending back to back."""
    sent = itertools.count()

    async def client(number: int) -> None:
        while next(sent) < count:
            await work(number)

    await asyncio.gather(*(client(number) for number in range(clients)))


async def calibrate(load: Load) -> list[Cost]:
    """Each endpoint class alone (4 clients), and the CPU it cost per request."""
    costs = []
    for name, count in CALIBRATION.items():
        samples: list[Sample] = []
        before = _cpu(load.stack)
        await _spread(count, functools.partial(_timed_as, load, name, samples))
        costs.append(_cost(name, load.stack, before, _cpu(load.stack), count))
        failed = [sample.error for sample in samples if sample.error]
        if failed:
            raise RuntimeError(f"{name} alone: {len(failed)} errors, first: {failed[0]}")
    return costs


async def queued_cost(load: Load) -> tuple[Cost, list[float]]:
    """Async resumes (the worker's jobs when there is one): CPU per job, and POST-to-completed times."""
    timings: list[float] = []

    async def one(number: int) -> None:
        started = time.perf_counter()
        await load.queued_resume(load.users[number])
        timings.append((time.perf_counter() - started) * 1000)

    before = _cpu(load.stack)
    await _spread(QUEUED_JOBS, one)
    return _cost("queued resume", load.stack, before, _cpu(load.stack), QUEUED_JOBS), timings


@dataclass
class Report:
    config: str
    levels: list[Level]
    costs: list[Cost]
    queued: Cost
    queued_ms: list[float]
    generator_cpu_s: float


async def measure(config: str, stack: Stack, levels: list[int], seconds: float) -> Report:
    limits = httpx.Limits(max_connections=max(levels) * 2, max_keepalive_connections=max(levels) * 2)
    clients = [
        httpx.AsyncClient(base_url=instance.base_url, timeout=120, limits=limits, trust_env=False)
        for instance in stack.instances
    ]
    try:
        load = Load(stack, clients)
        load.users = list(await asyncio.gather(*(load.sign_up(number) for number in range(USERS))))
        await run_level(load, config, 4, 3)  # warm-up: caches, connections, the first renders
        generator_before = tree_cpu_s(os.getpid(), children=False)
        results = []
        for concurrency in levels:
            results.append(await run_level(load, config, concurrency, seconds))
            print(f"{config}: {concurrency} clients done", file=sys.stderr)
        generator = tree_cpu_s(os.getpid(), children=False) - generator_before
        costs = await calibrate(load)
        queued, queued_ms = await queued_cost(load)
        return Report(config, results, costs, queued, queued_ms, generator)
    finally:
        for client in clients:
            await client.aclose()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def _row(cells: Sequence[object], widths: list[int]) -> str:
    """Left-aligned first cells (negative width), right-aligned others."""
    return " ".join(
        f"{cell!s:<{-width}}" if width < 0 else f"{cell!s:>{width}}"
        for cell, width in zip(cells, widths, strict=True)
    )


LEVEL_COLUMNS = [-46, 4, -16, 8, 7, 8, 8, 6, 12]


def print_levels(reports: list[Report]) -> None:
    mix = ", ".join(f"{name} {weight * 5}%" for name, weight in MIX.items())
    print(f"\nMixed workload ({mix}); requests alternate between the instances")
    names = [
        "configuration",
        "conc",
        "endpoint",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "server cores",
    ]
    print(_row(names, LEVEL_COLUMNS))
    print("-" * (sum(abs(width) + 1 for width in LEVEL_COLUMNS)))
    for report in reports:
        for level in report.levels:
            groups = {"all": level.samples} | {
                name: [sample for sample in level.samples if sample.endpoint == name] for name in MIX
            }
            for name, samples in groups.items():
                latencies = [sample.latency_ms for sample in samples] or [0.0]
                first = name == "all"
                cells: list[object] = [
                    report.config if first else "",
                    level.concurrency if first else "",
                    name,
                ]
                cells += [
                    len(samples),
                    f"{len(samples) / level.seconds:.1f}",
                    f"{statistics.median(latencies):.1f}",
                ]
                cells += [
                    f"{_percentile(latencies, 0.99):.1f}",
                    sum(sample.error is not None for sample in samples),
                ]
                cells.append(f"{level.server_cpu_s / level.seconds:.2f}" if first else "")
                print(_row(cells, LEVEL_COLUMNS))
        cores = report.generator_cpu_s / sum(level.seconds for level in report.levels)
        print(f"  (the load generator itself used {cores:.2f} cores of the machine's 2 during these levels)")


COST_COLUMNS = [-46, -16, 8, 7, 8, 7, 10]


def print_costs(reports: list[Report]) -> None:
    print(
        "\nCPU ms per request, each endpoint class alone (instance: the uvicorn processes; render: their PDF"
    )
    print("workers; backing: PostgreSQL + Redis + S3; worker: python -m app.worker), and requests/s per core")
    names = ["configuration", "endpoint", "instance", "render", "backing", "worker", "req/s/core"]
    print(_row(names, COST_COLUMNS))
    print("-" * (sum(abs(width) + 1 for width in COST_COLUMNS)))
    for report in reports:
        for cost in [*report.costs, report.queued]:
            cells = [report.config, cost.endpoint, f"{cost.instance_ms:.1f}", f"{cost.render_ms:.1f}"]
            cells += [f"{cost.backing_ms:.1f}", f"{cost.worker_ms:.1f}", f"{1000 / cost.total_ms:.0f}"]
            print(_row(cells, COST_COLUMNS))
        p50, p99 = statistics.median(report.queued_ms), _percentile(report.queued_ms, 0.99)
        print(f"  (queued resume, POST to completed: p50 {p50:.0f} ms, p99 {p99:.0f} ms)")


def sizing(report: Report, rates: list[int]) -> None:
    """Processes needed for `rates` requests/s of the mix, each planned at TARGET_UTILISATION of a core."""
    by_name = {cost.endpoint: cost for cost in report.costs}

    def per_request(part: Callable[[Cost], float]) -> float:
        return sum(weight * part(by_name[name]) for name, weight in MIX.items()) / len(SCHEDULE)

    instance = per_request(lambda cost: cost.instance_ms)
    render = per_request(lambda cost: cost.render_ms)
    backing = per_request(lambda cost: cost.backing_ms)
    print(
        f"\nSizing from '{report.config}' at {TARGET_UTILISATION:.0%} of a core per process: a request of the"
    )
    print(f"mix costs {instance:.1f} ms in an instance, {render:.1f} ms in its render workers, ", end="")
    print(f"{backing:.1f} ms backing")
    columns = [10, 10, 15, 13, 14]
    print(_row(["mix req/s", "instances", "render workers", "render cores", "backing cores"], columns))
    for rate in rates:
        cells: list[object] = [rate, math.ceil(rate * instance / 1000 / TARGET_UTILISATION)]
        cells += [max(1, math.ceil(rate * render / 1000 / TARGET_UTILISATION)), f"{rate * render / 1000:.1f}"]
        print(_row([*cells, f"{rate * backing / 1000:.1f}"], columns))
    if report.queued.worker_ms:
        print(f"a queued generation costs {report.queued.worker_ms:.1f} ms of worker CPU:")
        print(_row(["queued/s", "workers"], [10, 10]))
        for rate in (5, 20, 50, 100):
            print(
                _row([rate, math.ceil(rate * report.queued.worker_ms / 1000 / TARGET_UTILISATION)], [10, 10])
            )


CONFIGS: dict[str, tuple[str, Callable[[], AbstractContextManager[Stack]]]] = {
    "single": ("1 instance, SQLite, local files", lambda: single_stack(settings=SETTINGS)),
    "scaled": ("2 instances + 1 worker, PostgreSQL, Redis, S3", lambda: scaled_stack(settings=SETTINGS)),
}


def main() -> int:
    levels = [int(value) for value in os.environ.get("SCALE_BENCH_LEVELS", "4,16,32").split(",")]
    seconds = float(os.environ.get("SCALE_BENCH_SECONDS", "20"))
    chosen = os.environ.get("SCALE_BENCH_CONFIGS", "single,scaled").split(",")
    print(f"load before: {Path('/proc/loadavg').read_text().strip()}")
    reports = []
    for key in chosen:
        label, start = CONFIGS[key]
        print(f"{label}: starting", file=sys.stderr)
        with start() as stack:
            try:
                reports.append(asyncio.run(measure(label, stack, levels, seconds)))
            except RuntimeError as failure:  # the processes' logs say why, before they go with the stack
                print(f"{label}: {failure}\n{stack.logs(60)}", file=sys.stderr)
                return 1
    print_levels(reports)
    print_costs(reports)
    for report in reports:
        sizing(report, [50, 100, 200, 500])
    print(f"\nload after: {Path('/proc/loadavg').read_text().strip()}")
    failed = [sample for report in reports for level in report.levels for sample in level.errors]
    if failed:
        print(
            f"\nFAIL: {len(failed)} errors; first: {failed[0].endpoint}: {failed[0].error}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
