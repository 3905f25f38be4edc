#!/usr/bin/env bash
# One command for every benchmark on both engines: sets up the venv and wrk, starts a throw-away
# PostgreSQL (scripts/with-postgres.sh) unless BENCH_DATABASE=sqlite or BENCH_POSTGRES_URL names one,
# then prints the results table. BENCH_DATABASE=sqlite|postgres|both (default both); arguments name
# suites to run alone (auth, profile, job).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
jw_setup_venv requirements-dev.txt
jw_apt_install wrk
if [ "${BENCH_DATABASE:-both}" != sqlite ] && [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  exec scripts/with-postgres.sh .venv/bin/python -m bench.run "$@"
fi
exec .venv/bin/python -m bench.run "$@"
