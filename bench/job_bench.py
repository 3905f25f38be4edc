"""Job benchmarks on one user: GET /jobs?limit=20 with 50 and then 10,000 jobs against the bare route;
search and stats over the 10,000 jobs (p50, one client); /health while 8 searches run; parser speed.
`python -m bench.job_bench [postgresql+asyncpg://...]` prints the search and stats p50s alone."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from app.domain.entities.job import Job
from app.domain.enums.job import JobSource
from app.domain.ids import new_id
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary
from app.infrastructure.database.models.job_model import jobs_table
from bench.auth_bench import bare_route, register
from bench.harness import SQLITE, Backend, Check, Result, Server, during, jobwise_server, ratio_check, wrk

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "job_postings"
BIG_USER_JOBS = 10_000
SMALL_USER_JOBS = 50
SEARCH_TERM = "zeppelin"
SEARCH = f"/api/v1/jobs?q={SEARCH_TERM}&limit=20"
_WORDS = ("platform", "data", "mobile", "security", "payments", "search", "growth", "infra", "ml", "web")

SEARCH_TARGET = f"GET /jobs?q={SEARCH_TERM} over 10k jobs: p50 <= 20 ms"
STATS_TARGET = "GET /jobs/stats at 10k jobs: p50 <= 5 ms"
HEALTH_TARGET = "/health p99 while 8 searches over 10k jobs run: < 50 ms"
LIST_TARGET = "GET /jobs?limit=20 throughput vs the bare route ({jobs} jobs): >= 25 % / >= 35 %"


def _create_jobs(base_url: str, token: str, count: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for number in range(count):
            body = {
                "title": f"Backend Engineer {number}",
                "company": f"Company {number % 7}",
                "location": "Austin, TX",
                "description": "Build and run Python services on PostgreSQL and AWS. " * 8,
                "requirements": ["5+ years of Python", "PostgreSQL", "AWS"],
            }
            client.post("/api/v1/jobs", json=body).raise_for_status()


def _search_rows(user_id: int, count: int) -> list[dict[str, object]]:
    """Varied jobs; one in 500 names the search term (in the title, company or description in turn)."""
    start = datetime.now(UTC) - timedelta(days=400)
    statuses = ("not_applied", "applied", "interviewing", "offer_received", "rejected")
    rows = []
    for number in range(count):
        stamp = start + timedelta(minutes=number)
        word = _WORDS[number % len(_WORDS)]
        title, company = f"{word.title()} engineer {number}", f"Company {number % 50}"
        description = f"Work on the {word} team; Python, SQL and cloud services. " * 8
        if number % 500 == 7:
            place = number // 500 % 3
            if place == 0:
                title = f"Zeppelin {title}"
            elif place == 1:
                company = f"{company} Zeppelin"
            else:
                description += " Our airship product is called ZEPPELIN."
        job = Job(
            id=new_id(),
            user_id=user_id,
            source=JobSource.USER_CREATED,
            title=title,
            company=company,
            location="Remote",
            description=description,
            parsed_keywords=["Python", "SQL"],
            application_status=statuses[number % len(statuses)],  # type: ignore[arg-type]
            created_at=stamp,
            updated_at=stamp,
        )
        rows.append({column.key: getattr(job, column.key) for column in jobs_table.columns})
    return rows


def seed_jobs(database_url: str, *, user_id: int, count: int) -> None:
    """Insert varied jobs straight into the database, on either engine (10k HTTP calls take minutes)."""

    async def seed() -> None:
        engine = create_async_engine(database_url)
        rows = _search_rows(user_id, count)
        async with engine.begin() as connection:
            for first in range(0, len(rows), 1000):
                await connection.execute(insert(jobs_table), rows[first : first + 1000])
            if engine.dialect.name == "postgresql":
                await connection.exec_driver_sql("ANALYZE jobs")
        await engine.dispose()

    asyncio.run(seed())


def _user_id(base_url: str, token: str) -> int:
    response = httpx.get(f"{base_url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    return int(response.raise_for_status().json()["id"])


def _list(server: Server, token: str, jobs: str) -> Result:
    return wrk(
        f"[{server.backend.name}] GET /api/v1/jobs?limit=20, {jobs} jobs, c=16",
        f"{server.base_url}/api/v1/jobs?limit=20",
        connections=16,
        headers={"Authorization": f"Bearer {token}"},
    )


def _one_client(name: str, base_url: str, token: str, path: str, *, runs: int = 200) -> Result:
    """One client, one request at a time: p50 and p99 after a few warm-up requests."""
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for attempt in range(runs + 10):
            started = time.perf_counter()
            client.get(path).raise_for_status()
            if attempt >= 10:  # the first few warm the caches
                timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    return Result(name, 1000 / p50, p50, statistics.quantiles(timings, n=100)[98], 0)


def search_and_stats(server: Server, token: str) -> list[Result]:
    """Searches and stats for the user's 10,000 jobs (the first row is the search, the last the stats)."""
    paths = {
        f"GET /jobs?q={SEARCH_TERM}&limit=20": SEARCH,
        "GET /jobs?q=engineer&limit=20 (in every job)": "/api/v1/jobs?q=engineer&limit=20",
        "GET /jobs?q=ml&limit=20 (2 characters: scans)": "/api/v1/jobs?q=ml&limit=20",
        "GET /jobs/stats": "/api/v1/jobs/stats",
    }
    return [
        _one_client(f"[{server.backend.name}] {name}, 10k jobs, c=1", server.base_url, token, path)
        for name, path in paths.items()
    ]


def _health_during_searches(server: Server, token: str) -> tuple[Result, Result]:
    name = server.backend.name
    return during(
        lambda: wrk(
            f"[{name}] GET /jobs?q={SEARCH_TERM}, 10k jobs, c=8 (the flood)",
            f"{server.base_url}{SEARCH}",
            connections=8,
            seconds=10,
            headers={"Authorization": f"Bearer {token}"},
        ),
        lambda: wrk(
            f"[{name}] GET /health during 8 searches, c=1", f"{server.base_url}/health", connections=1
        ),
    )


def parser_p50_ms(length: int = 5000, runs: int = 300) -> float:
    parser = DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))
    postings = sorted(path.read_text() for path in FIXTURES.iterdir() if path.suffix in {".txt", ".md"})
    text = "\n\n".join(postings)[:length]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        parser.parse_text(text)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(backend: Backend) -> tuple[list[Result], list[Check]]:
    with jobwise_server(backend) as server:
        token = register(server.base_url)
        _create_jobs(server.base_url, token, SMALL_USER_JOBS)
        small = _list(server, token, str(SMALL_USER_JOBS))
        seed_jobs(
            server.database_url,
            user_id=_user_id(server.base_url, token),
            count=BIG_USER_JOBS - SMALL_USER_JOBS,
        )
        big = _list(server, token, "10k")
        searched = search_and_stats(server, token)
        flood, health = _health_during_searches(server, token)
        bare = bare_route(token, server)
    share = 0.35 if backend.is_postgres else 0.25
    growth = big.p50_ms / small.p50_ms
    search_ms, stats_ms = searched[0].p50_ms, searched[-1].p50_ms
    checks = [
        Check(HEALTH_TARGET, backend.name, f"{health.p99_ms:.1f} ms", health.p99_ms < 50),
        Check(SEARCH_TARGET, backend.name, f"{search_ms:.2f} ms", search_ms <= 20),
        Check(STATS_TARGET, backend.name, f"{stats_ms:.2f} ms", stats_ms <= 5),
        ratio_check(LIST_TARGET.format(jobs=SMALL_USER_JOBS), backend, small, bare, at_least=share),
        ratio_check(LIST_TARGET.format(jobs="10k"), backend, big, bare, at_least=share),
        Check(
            "GET /jobs p50 with 10k jobs <= 1.5x the p50 with 50",
            backend.name,
            f"{growth:.2f}x",
            growth <= 1.5,
        ),
    ]
    if backend == SQLITE:  # the parser does not touch the database: once is enough
        parse_ms = parser_p50_ms()
        checks.append(
            Check(
                "parsing a 5,000-character posting: p50 < 5 ms",
                backend.name,
                f"{parse_ms:.2f} ms",
                parse_ms < 5,
            )
        )
    return [bare, small, big, *searched, flood, health], checks


if __name__ == "__main__":  # python -m bench.job_bench [postgresql+asyncpg://... any database on the server]
    import sys

    chosen = Backend("PostgreSQL", sys.argv[1]) if len(sys.argv) > 1 else SQLITE
    with jobwise_server(chosen) as running:
        bearer = register(running.base_url)
        seed_jobs(running.database_url, user_id=_user_id(running.base_url, bearer), count=BIG_USER_JOBS)
        for row in search_and_stats(running, bearer):
            print(f"{row.name:<70} p50 {row.p50_ms:8.2f} ms  p99 {row.p99_ms:8.2f} ms")
