#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite. Arguments go to pytest.
# TEST_DATABASE_URL selects the database (default: a SQLite file in a temporary directory).
# Line and branch coverage of app/ is measured (settings in scripts/coveragerc, data left in .coverage
# for scripts/coverage_floor.py) and summarised after the tests, fully covered files left out.
# COVERAGE_HTML=1 also writes the report as HTML under htmlcov/; --no-cov runs without measuring.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

jw_setup_venv requirements-dev.txt
# The tests of PostgreSQL-only behaviour start a throw-away server from these binaries when
# TEST_DATABASE_URL is not PostgreSQL (tests/postgres_server.py); those of the scale-out paths start a
# throw-away redis-server unless TEST_REDIS_URL names one (tests/redis_server.py).
jw_apt_install postgresql redis-server
status=0
coverage=(--cov --cov-config=scripts/coveragerc --cov-report=term-missing:skip-covered)
if [ "${COVERAGE_HTML:-0}" != 0 ]; then
  coverage+=(--cov-report=html)
fi
# --no-cov: no coverage options at all (pytest-cov given --cov and --no-cov together fails every test
# marked no_cover).
for argument in "$@"; do
  [ "$argument" = "--no-cov" ] && coverage=()
done
.venv/bin/python -m pytest "${coverage[@]}" "$@" || status=$?
if [ "$status" -eq 5 ]; then
  jw_log "pytest collected no tests: failing"
  exit 1
fi
exit "$status"
