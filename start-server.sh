#!/usr/bin/env bash
# Set up (idempotent) and start the JobWise API in the foreground.
# Defaults: SQLite file under ./var, local storage, no external service; every setting can be
# given as an environment variable (see .env.example). Extra arguments go to uvicorn.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

jw_setup_venv requirements.txt
mkdir -p var
jw_log "migrating the database"
.venv/bin/python -m app.cli migrate
jw_log "serving on http://${HOST:-127.0.0.1}:${PORT:-8000} (docs at /docs)"
exec .venv/bin/uvicorn app.main:create_app --factory \
  --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" --workers "${WORKERS:-1}" "$@"
