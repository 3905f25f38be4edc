#!/usr/bin/env bash
# One command for every benchmark: sets up the venv and wrk, then prints the results table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
jw_setup_venv requirements-dev.txt
jw_apt_install wrk
exec .venv/bin/python -m bench.run "$@"
