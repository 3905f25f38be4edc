"""Generation benchmark (issue 13): tailored resumes, cover letters and the history page over HTTP on the
real server (one uvicorn worker, the default local provider), and the ranking in process (the rows of
bench/ranking_bench.py). `python -m bench.generation_bench` prints one table with the targets and verdicts.

The user has the profile of bench/generation_profile.json (8 experiences and 8 projects with 2-3
sentence descriptions, 18 skills, 2 certifications, 2 degrees), an active cover-letter sample, and jobs
with a 2,000-character posting and 6 requirements. One client sends one request at a time; latency is
measured by the client (until the answer is received: it is not parsed), CPU per request is the server
process's own (utime + stime over the requests), which the machine's other load does not inflate.
SQLite by default; BENCH_DATABASE=postgres|both as for bench/run.py
(`BENCH_DATABASE=both scripts/with-postgres.sh .venv/bin/python -m bench.generation_bench`).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from app.infrastructure.data_files import SKILLS_PATH, SYNONYMS_PATH, load_keyword_vocabulary
from bench import ranking_bench
from bench.auth_bench import register
from bench.harness import SQLITE, Backend, jobwise_server
from bench.run import backends

DATA = json.loads((Path(__file__).resolve().parent / "generation_profile.json").read_text())
API = "/api/v1"
RUNS = 200  # requests per repeated scenario
FIRST_RUNS = 100  # jobs generated for once each (the first request for a job ranks and stores)
WARM_UP = 10
STORED_FOR_HISTORY = 200  # generations the user has when the history page is read
HISTORY_JOBS = 20
RESUME = {"max_experiences": 5, "max_projects": 3, "include_summary": True}
LETTER = {"hiring_manager_name": "Priya Raman", "max_paragraphs": 4}
CLOCK_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Row:
    scenario: str
    wall_ms: list[float]
    cpu_ms: float | None  # per request, the server's (or, in process, this process's)
    target_ms: float

    @property
    def p50(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def p99(self) -> float:
        return sorted(self.wall_ms)[max(0, round(len(self.wall_ms) * 0.99) - 1)]

    @property
    def ok(self) -> bool:
        return self.p50 < self.target_ms


def _server_pid() -> int:
    """The uvicorn process jobwise_server started: this process's child running app.main."""
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            if b"app.main:create_app" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return int(pid)
    raise RuntimeError("the server process was not found")


def _cpu_ms(pid: int) -> float:
    """CPU time the process has used so far (user + system, all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * CLOCK_TICK_MS


class Session:
    """One signed-in client of the running server, and the server's process for its CPU time."""

    def __init__(self, base_url: str) -> None:
        token = register(base_url)
        self.client = httpx.Client(
            base_url=base_url + API, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        self.pid = _server_pid()

    def call(self, method: str, path: str, expect: int, **kwargs: Any) -> httpx.Response:
        """One request, its status checked (the timed scenarios: the answer is received, not parsed)."""
        response = self.client.request(method, path, **kwargs)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response

    def send(self, method: str, path: str, expect: int, **kwargs: Any) -> dict[str, Any]:
        answer: dict[str, Any] = self.call(method, path, expect, **kwargs).json()
        return answer

    def new_job(self, number: int) -> str:
        job = {**DATA["job"], "title": f"{DATA['job']['title']} ({number})"}
        return str(self.send("POST", "/jobs", 201, json=job)["id"])

    def timed(self, scenario: str, calls: list[Callable[[], object]], *, target_ms: float) -> Row:
        """Each call once, in turn, timed by the client; the server's CPU time over all of them."""
        timings = []
        cpu_before = _cpu_ms(self.pid)
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        cpu = (_cpu_ms(self.pid) - cpu_before) / len(calls)
        return Row(scenario, timings, cpu, target_ms)


def _resume(session: Session, job_id: str) -> Callable[[], object]:
    body = {"job_id": job_id, **RESUME}
    return lambda: session.call("POST", "/generations/resume", 201, json=body)


def _letter(session: Session, job_id: str) -> Callable[[], object]:
    body = {"job_id": job_id, **LETTER}
    return lambda: session.call("POST", "/generations/cover-letter", 201, json=body)


def _set_up(session: Session) -> None:
    session.send("POST", "/profiles", 201, json=DATA["profile"])
    sample = DATA["cover_letter_sample"].encode()
    session.send(
        "POST",
        "/samples/upload",
        201,
        data={"document_type": "cover_letter"},
        files={"file": ("letter.txt", sample, "text/plain")},
    )


def _history(session: Session, label: str) -> Row:
    """GET /generations/history?limit=20 once the user has STORED_FOR_HISTORY generations."""
    jobs = [session.new_job(number) for number in range(HISTORY_JOBS)]
    for number in range(STORED_FOR_HISTORY):  # resumes and letters, as a user makes them
        job = jobs[number % HISTORY_JOBS]
        (_resume if number % 2 else _letter)(session, job)()
    total = session.send("GET", "/generations/history", 200, params={"limit": 1})["total"]
    assert total == STORED_FOR_HISTORY, total

    def page() -> object:
        return session.call("GET", "/generations/history", 200, params={"limit": 20})

    for _ in range(WARM_UP):
        page()
    scenario = f"{label} GET /generations/history?limit=20 ({total} stored)"
    return session.timed(scenario, [page] * (RUNS + 100), target_ms=10)


def _floors(session: Session, label: str, job_id: str) -> list[Row]:
    """What a resume request is made of, in parts: reading the profile alone, and reading the sources
    and ranking them with nothing written (a fresh ranking). No targets: they say where the time goes."""
    body = {"job_id": job_id}
    return [
        session.timed(
            f"{label}   floor: GET /profiles/me (8 experiences, 8 projects)",
            [lambda: session.call("GET", "/profiles/me", 200)] * RUNS,
            target_ms=float("inf"),
        ),
        session.timed(
            f"{label}   floor: POST /rankings/create, fresh (reads, ranks)",
            [lambda: session.call("POST", "/rankings/create", 200, json=body)] * RUNS,
            target_ms=float("inf"),
        ),
    ]


def _enhanced_resume(session: Session, label: str, job_id: str) -> Row:
    """Last (it changes the profile): a resume once /profile/enhance wrote every text, so the guard
    gathers the profile's facts to check them."""
    profile_id = session.send("GET", "/profiles/me", 200)["id"]
    session.send("POST", "/profile/enhance", 200, json={"profile_id": profile_id})
    _resume(session, job_id)()  # the enhanced texts are ranked again
    return session.timed(
        f"{label} POST /generations/resume, enhanced profile, ranking fresh",
        [_resume(session, job_id)] * RUNS,
        target_ms=30,
    )


def http_rows(backend: Backend) -> list[Row]:
    """The generation endpoints on a fresh server of that engine."""
    label = f"[{backend.name}]"
    with jobwise_server(backend, RATE_LIMIT_COVER_LETTERS_PER_DAY="100000") as server:
        session = Session(server.base_url)
        try:
            _set_up(session)
            history = _history(session, label)  # first: the user then has exactly the stored count
            warm, again = session.new_job(-1), session.new_job(-2)
            for _ in range(WARM_UP):  # the server's first requests warm its caches
                _resume(session, warm)()
                _letter(session, warm)()
            firsts = [session.new_job(number) for number in range(FIRST_RUNS)]
            others = [session.new_job(FIRST_RUNS + number) for number in range(FIRST_RUNS)]
            _resume(session, again)()  # ranks the job: the repeated requests find the ranking fresh
            rows = [
                session.timed(
                    f"{label} POST /generations/resume, first for a job (ranks, stores)",
                    [_resume(session, job) for job in firsts],
                    target_ms=30,
                ),
                session.timed(
                    f"{label} POST /generations/resume, ranking fresh",
                    [_resume(session, again)] * RUNS,
                    target_ms=30,
                ),
                session.timed(
                    f"{label} POST /generations/cover-letter, first for a job",
                    [_letter(session, job) for job in others],
                    target_ms=50,
                ),
                session.timed(
                    f"{label} POST /generations/cover-letter, ranking fresh",
                    [_letter(session, again)] * RUNS,
                    target_ms=50,
                ),
                history,
                *_floors(session, label, again),
                _enhanced_resume(session, label, again),
            ]
        finally:
            session.client.close()
    return rows


def ranking_rows() -> list[Row]:
    """bench/ranking_bench.py's in-process rows (CPU: this process's), the 50-item ones held to 20 ms."""
    vocabulary = load_keyword_vocabulary(SKILLS_PATH, SYNONYMS_PATH)
    rows = []
    for name, timing in ranking_bench.measure(vocabulary).items():
        target = 20 if name.startswith("rank 50") else float("inf")
        rows.append(Row(f"[in process] {name}", timing.wall_ms, timing.cpu_ms, target))
    return rows


def print_rows(rows: list[Row]) -> None:
    width = max(len(row.scenario) for row in rows) + 2
    header = f"{'scenario':<{width}} {'runs':>5} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'target':>9}"
    print(f"\n{header}  verdict")
    print("-" * (len(header) + 9))
    for row in rows:
        target = "-" if row.target_ms == float("inf") else f"< {row.target_ms:.0f} ms"
        verdict = "" if row.target_ms == float("inf") else ("PASS" if row.ok else "FAIL")
        cpu = "-" if row.cpu_ms is None else f"{row.cpu_ms:.2f}"
        figures = f"{len(row.wall_ms):>5} {row.p50:>8.2f} {row.p99:>8.2f} {cpu:>8} {target:>9}"
        print(f"{row.scenario:<{width}} {figures}  {verdict}")


def main() -> int:
    engines = backends() if "BENCH_DATABASE" in os.environ else [SQLITE]
    rows = ranking_rows()
    for backend in engines:
        rows += http_rows(backend)
    print_rows(rows)
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
