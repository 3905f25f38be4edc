#!/usr/bin/env bash
# The scale-out load report (issue 15) in one command: sets up the venv and the Debian packages the stack
# needs (PostgreSQL, redis-server), then runs `python -m bench.scale_bench`, which starts every process
# itself (tests/stack/processes.py) and prints the tables. SCALE_BENCH_LEVELS, SCALE_BENCH_SECONDS and
# SCALE_BENCH_CONFIGS as documented in bench/scale_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
jw_setup_venv requirements-dev.txt
jw_apt_install postgresql redis-server
exec .venv/bin/python -m bench.scale_bench "$@"
