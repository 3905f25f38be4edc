"""Job benchmarks: GET /jobs?limit=20 with 50 and 10,000 jobs against the bare JWT route; parser speed;
search and stats for a 10,000-job user (p50, one client; `python -m bench.job_bench [postgres URL]`)."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert
from sqlalchemy.ext.asyncio import create_async_engine

from app.domain.entities.job import Job
from app.domain.enums.job import JobSource
from app.domain.ids import new_id
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.data_files import SKILLS_PATH, load_skill_vocabulary
from app.infrastructure.database.models.job_model import jobs_table
from bench.auth_bench import bare_jwt_route, register
from bench.harness import Result, jobwise_server, wrk

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "job_postings"
BIG_USER_JOBS = 10_000


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


def _seed_directly(database_url: str, *, user_id: int, count: int) -> None:
    """Insert rows straight into the database (10k HTTP calls would take minutes)."""
    start = datetime.now(UTC) - timedelta(days=400)
    rows = []
    for number in range(count):
        stamp = start + timedelta(minutes=number)
        job = Job(
            id=new_id(),
            user_id=user_id,
            source=JobSource.USER_CREATED,
            title=f"Seeded job {number}",
            company=f"Company {number % 50}",
            location="Remote",
            description="A seeded posting used by the benchmark. " * 10,
            parsed_keywords=["Python", "SQL"],
            requirements=["3+ years of experience"],
            created_at=stamp,
            updated_at=stamp,
        )
        rows.append({column.key: getattr(job, column.key) for column in jobs_table.columns})
    engine = create_engine(database_url.replace("+aiosqlite", ""))
    with engine.begin() as connection:
        connection.execute(insert(jobs_table), rows)
    engine.dispose()


def _list(base_url: str, token: str, name: str) -> Result:
    return wrk(
        name,
        f"{base_url}/api/v1/jobs?limit=20",
        connections=16,
        headers={"Authorization": f"Bearer {token}"},
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


def run() -> tuple[list[Result], list[tuple[str, str, bool]]]:
    with jobwise_server() as server:
        token = register(server.base_url)
        _create_jobs(server.base_url, token, 50)
        small = _list(server.base_url, token, "GET /api/v1/jobs?limit=20, 50 jobs, c=16")
        _seed_directly(server.database_url, user_id=1, count=BIG_USER_JOBS - 50)
        big = _list(server.base_url, token, "GET /api/v1/jobs?limit=20, 10k jobs, c=16")
    bare = bare_jwt_route(token)
    parse_ms = parser_p50_ms()

    small_ratio = small.requests_per_s / bare.requests_per_s
    big_ratio = big.requests_per_s / bare.requests_per_s
    growth = big.p50_ms / small.p50_ms
    checks = [
        (
            "GET /jobs (50 jobs) throughput >= 25 % of the bare JWT route",
            f"{small_ratio:.0%}",
            small_ratio >= 0.25,
        ),
        (
            "GET /jobs (10k jobs) throughput >= 25 % of the bare JWT route",
            f"{big_ratio:.0%}",
            big_ratio >= 0.25,
        ),
        ("GET /jobs p50 with 10k jobs <= 1.5x the p50 with 50 jobs", f"{growth:.2f}x", growth <= 1.5),
        ("parsing a 5,000-character posting: p50 < 5 ms", f"{parse_ms:.2f} ms", parse_ms < 5),
    ]
    searched = search_and_stats_p50()
    search_ms, stats_ms = searched[f"GET /jobs?q={SEARCH_TERM}&limit=20"], searched["GET /jobs/stats"]
    checks += [
        (f"GET /jobs?q={SEARCH_TERM} over 10k jobs: p50 <= 20 ms", f"{search_ms:.2f} ms", search_ms <= 20),
        ("GET /jobs/stats at 10k jobs: p50 <= 5 ms", f"{stats_ms:.2f} ms", stats_ms <= 5),
    ]
    return [bare, small, big], checks


# --- Search and stats over a 10,000-job user (issue 12) ---------------------------------------------

SEARCH_TERM = "zeppelin"
_WORDS = ("platform", "data", "mobile", "security", "payments", "search", "growth", "infra", "ml", "web")


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


def _seed_search_user(database_url: str, *, user_id: int, count: int) -> None:
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


def _p50_ms(base_url: str, token: str, path: str, *, runs: int = 200) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for attempt in range(runs + 10):
            started = time.perf_counter()
            client.get(path).raise_for_status()
            if attempt >= 10:  # the first few warm the caches
                timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def search_and_stats_p50(database_url: str | None = None) -> dict[str, float]:
    """p50 of GET /jobs?q=zeppelin and GET /jobs/stats for a user with 10,000 jobs (one client).

    With `database_url` (a fresh, empty PostgreSQL database) the server runs on it instead of SQLite.
    """
    settings = {"DATABASE_URL": database_url} if database_url else {}
    with jobwise_server(**settings) as server:
        token = register(server.base_url)
        _seed_search_user(database_url or server.database_url, user_id=1, count=BIG_USER_JOBS)
        return {
            f"GET /jobs?q={SEARCH_TERM}&limit=20": _p50_ms(
                server.base_url, token, f"/api/v1/jobs?q={SEARCH_TERM}&limit=20"
            ),
            "GET /jobs?q=engineer&limit=20 (in every job)": _p50_ms(
                server.base_url, token, "/api/v1/jobs?q=engineer&limit=20", runs=50
            ),
            "GET /jobs?q=ml&limit=20 (2 characters: scans)": _p50_ms(
                server.base_url, token, "/api/v1/jobs?q=ml&limit=20", runs=50
            ),
            "GET /jobs/stats": _p50_ms(server.base_url, token, "/api/v1/jobs/stats"),
        }


if __name__ == "__main__":  # python -m bench.job_bench [postgresql+asyncpg://... empty database]
    import sys

    for name, p50 in search_and_stats_p50(sys.argv[1] if len(sys.argv) > 1 else None).items():
        print(f"{name:<50} p50 {p50:8.2f} ms")
