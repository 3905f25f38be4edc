"""Run every benchmark on each engine and print one table: `bench/run.sh` (or `python -m bench.run`).

BENCH_DATABASE chooses the engines: `sqlite`, `postgres` or `both` (the default). PostgreSQL is the
server at BENCH_POSTGRES_URL, else TEST_DATABASE_URL (what scripts/with-postgres.sh sets; bench/run.sh
starts one that way); each server run gets a database of its own on it. `python -m bench.run auth`
runs the named suites only (auth, profile, job, export).
"""

from __future__ import annotations

import os
import sys

from bench import auth_bench, export_bench, job_bench, profile_bench
from bench.harness import SQLITE, Backend, Check, Result, print_table

SUITES = {"auth": auth_bench, "profile": profile_bench, "job": job_bench, "export": export_bench}


def backends() -> list[Backend]:
    """The engines BENCH_DATABASE asks for; PostgreSQL needs a server URL."""
    wanted = os.environ.get("BENCH_DATABASE", "both")
    if wanted not in {"sqlite", "postgres", "both"}:
        raise SystemExit(f"BENCH_DATABASE must be sqlite, postgres or both, not {wanted!r}")
    chosen = [SQLITE] if wanted != "postgres" else []
    if wanted != "sqlite":
        url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_DATABASE_URL", "")
        if not url.startswith("postgresql"):
            raise SystemExit("PostgreSQL: set BENCH_POSTGRES_URL, or run through bench/run.sh")
        chosen.append(Backend("PostgreSQL", url))
    return chosen


def main(names: list[str]) -> int:
    engines = backends()
    results: list[Result] = []
    checks: list[Check] = []
    for backend in engines:
        for name in names or list(SUITES):
            rows, verdicts = SUITES[name].run(backend)
            results += rows
            checks += verdicts
    print_table(results, checks, engines)
    return 0 if all(check.ok for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
