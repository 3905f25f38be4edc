#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server (installed from Debian packages when missing),
# with TEST_DATABASE_URL pointing at it. The server and its data directory go away afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

jw_apt_install postgresql
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
data_dir="$(mktemp -d /tmp/jobwise-pg.XXXXXX)"
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# PostgreSQL refuses to run as root: as root, run it as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$data_dir"

stop_pg() {
  as_pg "$pg_bin/pg_ctl" -D "$data_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data_dir"
}
trap stop_pg EXIT

as_pg "$pg_bin/initdb" -D "$data_dir/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$data_dir/data" -l "$data_dir/server.log" -w start \
  -o "-p $port -k $data_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres jobwise_test
jw_log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

export TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:$port/jobwise_test"
"$@"
