#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite. Arguments go to pytest.
# TEST_DATABASE_URL selects the database (default: a SQLite file in a temporary directory).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

jw_setup_venv requirements-dev.txt
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  jw_log "pytest collected no tests: failing"
  exit 1
fi
exit "$status"
