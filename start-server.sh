#!/usr/bin/env bash
# Set up (idempotent) and start the JobWise API in the foreground.
# Defaults: SQLite file under ./var, local storage, no external service; every setting can be
# given as an environment variable (see .env.example). Extra arguments go to uvicorn.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

# Rate limits are counted in each process: with several workers 10/minute would become 10 per worker.
# Until limits live in shared storage, one worker per instance (scale out with more instances).
if [ "${WORKERS:-1}" != "1" ]; then
  jw_log "WORKERS=${WORKERS} refused: rate limits are kept per process, so they would multiply by the"
  jw_log "number of workers. Start one worker (WORKERS=1)."
  exit 2
fi
jw_setup_venv requirements.txt
jw_log "migrating the database"
.venv/bin/python -m app.cli migrate
jw_log "serving on http://${HOST:-127.0.0.1}:${PORT:-8000} (docs at /docs)"
# --no-proxy-headers: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 before the app
# sees the request; the app resolves the client address itself, trusting only TRUSTED_PROXIES.
exec .venv/bin/uvicorn app.main:create_app --factory --no-proxy-headers \
  --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" "$@"
