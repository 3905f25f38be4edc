#!/usr/bin/env bash
# Static checks: ruff (lint and format), mypy (strict for app/domain and app/application) and the
# layering contracts of import-linter (pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
jw_setup_venv requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
