#!/usr/bin/env bash
# Fuzz every operation of the API with schemathesis: a real server on a throw-away SQLite database,
# a real bearer token, fixed seed, bounded examples. Exits non-zero on any failed check.
# FUZZ_EXAMPLES (default 25) sets the examples per operation; extra arguments go to `st run`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

jw_setup_venv requirements-dev.txt
work_dir="$(mktemp -d /tmp/jobwise-fuzz.XXXXXX)"
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
server_pid=""

stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work_dir"
}
trap stop_server EXIT

export DATABASE_URL="sqlite+aiosqlite:///$work_dir/fuzz.db"
export ENVIRONMENT=test BCRYPT_ROUNDS=4 LOG_LEVEL=WARNING DATA_DIR="$work_dir"
export JWT_SECRET="fuzz-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The per-IP auth limit would answer most generated auth requests 429; the per-user quotas stay on.
export RATE_LIMIT_ENABLED=false
.venv/bin/python -m app.cli migrate
.venv/bin/uvicorn app.main:create_app --factory --host 127.0.0.1 --port "$port" \
  --no-access-log --log-level warning >"$work_dir/server.log" 2>&1 &
server_pid=$!

# A signed-in user of its own for each run: logout revokes the token it is called with.
token_for() {
  .venv/bin/python - "$base" "$1" <<'EOF'
import sys, time, httpx
base, email = sys.argv[1], sys.argv[2]
for _ in range(100):
    try:
        httpx.get(f"{base}/health", timeout=1)
        break
    except httpx.TransportError:
        time.sleep(0.1)
answer = httpx.post(f"{base}/api/v1/auth/register", json={"email": email, "password": "fuzz-password-1", "full_name": "Fuzz"})
answer.raise_for_status()
print(answer.json()["access_token"])
EOF
}

run_st() {
  local token="$1"
  shift
  .venv/bin/st run "$base/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --seed 20261202 --max-examples "${FUZZ_EXAMPLES:-25}" --workers 1 \
    --suppress-health-check all --warnings off --no-color "$@"
}

main_token="$(token_for fuzz@example.com)"
logout_token="$(token_for logout@example.com)"
status=0
jw_log "fuzzing every operation but logout"
run_st "$main_token" --exclude-path /api/v1/auth/logout "$@" || status=$?
jw_log "fuzzing logout with a user of its own"
run_st "$logout_token" --include-path /api/v1/auth/logout "$@" || status=$?
if [ "$status" -ne 0 ] && [ -s "$work_dir/server.log" ]; then
  jw_log "server log:"
  tail -n 50 "$work_dir/server.log" >&2
fi
exit "$status"
