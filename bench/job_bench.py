"""Job benchmarks: GET /jobs?limit=20 with 50 and 10,000 jobs against the bare JWT route; parser speed."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert

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
    return [bare, small, big], checks
