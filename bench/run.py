"""Run every benchmark and print one table: `bench/run.sh` (or `python -m bench.run`)."""

from __future__ import annotations

import sys

from bench import auth_bench, job_bench, profile_bench
from bench.harness import print_table

SUITES = [auth_bench, profile_bench, job_bench]


def main() -> int:
    results, checks = [], []
    for suite in SUITES:
        rows, verdicts = suite.run()
        results += rows
        checks += verdicts
    print_table(results, checks)
    return 0 if all(ok for _, _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
