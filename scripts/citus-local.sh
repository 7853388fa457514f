#!/usr/bin/env bash
# A Citus cluster on loopback for trying Daftar scaled out (docs/scale-out.md): a coordinator
# (port 9700) and two workers (9701, 9702), each an initdb'd PostgreSQL 15 in /tmp, trust auth.
# Needs Citus built and installed into Debian's PostgreSQL 15 (see docs/scale-out.md, "Building
# Citus"); no Citus code is kept in this repository. Run as root (it runs postgres as postgres).
#   scripts/citus-local.sh start    prints DATABASE_URL for the coordinator
#   scripts/citus-local.sh stop
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
BASE=${CITUS_BASE:-/tmp/citus-local}
PORTS=(9700 9701 9702)
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
psql_at() { as_pg "$BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$2"; }

case "${1:-start}" in
start)
  mkdir -p "$BASE" && chown postgres "$BASE"
  for p in "${PORTS[@]}"; do
    d="$BASE/$p"
    if [ ! -f "$d/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$d" -U postgres --auth=trust >/dev/null
      cat >> "$d/postgresql.conf" <<CONF
port = $p
listen_addresses = '127.0.0.1'
unix_socket_directories = '$BASE'
shared_preload_libraries = 'citus'
max_connections = 300
max_prepared_transactions = 300
fsync = on
CONF
    fi
    as_pg "$BIN/pg_ctl" -D "$d" -l "$d/log" -w status >/dev/null 2>&1 || as_pg "$BIN/pg_ctl" -D "$d" -l "$d/log" -w start >/dev/null
  done
  for p in "${PORTS[@]}"; do psql_at "$p" "create extension if not exists citus"; done
  psql_at 9700 "select citus_set_coordinator_host('127.0.0.1', 9700)" >/dev/null
  for p in 9701 9702; do
    psql_at 9700 "select citus_add_node('127.0.0.1', $p) where not exists (select 1 from pg_dist_node where nodeport = $p)" >/dev/null
  done
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:9700/postgres"
  ;;
stop)
  for p in "${PORTS[@]}"; do as_pg "$BIN/pg_ctl" -D "$BASE/$p" -w stop >/dev/null 2>&1 || true; done
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
