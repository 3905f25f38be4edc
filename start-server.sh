#!/usr/bin/env bash
# Set up (idempotent) and start the JobWise API in the foreground.
# Defaults: SQLite file under ./var, local storage, no external service; every setting can be
# given as an environment variable (see .env.example). Extra arguments go to uvicorn.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

# Without Redis, rate limits are counted in each process: with several workers 10/minute would become
# 10 per worker. With REDIS_URL they are shared, and WORKERS starts that many uvicorn processes.
workers="${WORKERS:-1}"
if [ "$workers" != "1" ] && [ -z "${REDIS_URL:-}" ]; then
  jw_log "WORKERS=${workers} refused: without REDIS_URL rate limits are kept per process, so they would"
  jw_log "multiply by the number of workers. Start one worker (WORKERS=1), or set REDIS_URL."
  exit 2
fi
jw_setup_venv requirements.txt
jw_log "migrating the database"
.venv/bin/python -m app.cli migrate
jw_log "serving on http://${HOST:-127.0.0.1}:${PORT:-8000} (docs at /docs)"
# --no-proxy-headers: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 before the app
# sees the request; the app resolves the client address itself, trusting only TRUSTED_PROXIES.
exec .venv/bin/uvicorn app.main:create_app --factory --no-proxy-headers \
  --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" --workers "$workers" "$@"
