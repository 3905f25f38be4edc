#!/usr/bin/env bash
# The scale-out stage (issue 15): PostgreSQL, redis-server, moto's S3 server, two API instances and one
# worker as real processes on loopback (tests/stack/processes.py), and the HTTP scenarios of tests/stack
# against them. `./run-tests.sh` leaves this folder out; .ci/run runs this script as a stage of its own.
# Arguments go to pytest (e.g. -k logout).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

jw_setup_venv requirements-dev.txt
jw_apt_install postgresql redis-server
status=0
.venv/bin/python -m pytest tests/stack -p no:cacheprovider -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
  jw_log "pytest collected no stack tests: failing"
  exit 1
fi
exit "$status"
