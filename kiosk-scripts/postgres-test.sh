#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and the load test (Debian's
# postgresql, installed when missing). Runs as a normal process under the `postgres` user when
# started as root, as the current user otherwise.
#
#   eval "$(kiosk-scripts/postgres-test.sh start)"   # prints: export TURNERO_TEST_POSTGRES_URL=…
#   kiosk-scripts/postgres-test.sh stop
#
# Options (environment): TURNERO_PG_DIR (default /tmp/turnero-pg-test), TURNERO_PG_PORT (55432),
# TURNERO_PG_DATABASE (turnero_test), TURNERO_PG_DURABLE=1 keeps fsync on (for benchmarks and
# kiosk-scripts/run-central.sh; tests run without it), TURNERO_PG_KEEP=1 starts an existing
# cluster in TURNERO_PG_DIR instead of wiping it (run-central.sh keeps its data that way).
# `stop` always deletes the cluster.
set -euo pipefail
command="${1:-}"
dir="${TURNERO_PG_DIR:-/tmp/turnero-pg-test}"
port="${TURNERO_PG_PORT:-55432}"
database="${TURNERO_PG_DATABASE:-turnero_test}"

say() { echo "postgres-test: $*" >&2; }

bindir() {
  local found=""
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/pg_ctl" ] && found="$candidate"
  done
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    bin="$(bindir)"
    if [ -z "$bin" ]; then
      say "installing postgresql (Debian)"
      sudo=""
      [ "$(id -u)" != 0 ] && sudo="sudo"
      export DEBIAN_FRONTEND=noninteractive
      $sudo apt-get update -q >/dev/null
      $sudo apt-get install -y -q --no-install-recommends postgresql >/dev/null
      bin="$(bindir)"
    fi
    [ -n "$bin" ] || { say "no PostgreSQL server binaries found"; exit 1; }
    if as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      say "already running in $dir"
    else
      if [ "${TURNERO_PG_KEEP:-0}" = 1 ] && [ -f "$dir/PG_VERSION" ]; then
        say "starting the existing cluster in $dir"
      else
        rm -rf "$dir"
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
        as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C -N >"$dir.initdb.log" 2>&1 \
          || { cat "$dir.initdb.log" >&2; exit 1; }
      fi
      settings="-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB"
      if [ "${TURNERO_PG_DURABLE:-0}" != 1 ]; then
        settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      fi
      as_owner "$bin/pg_ctl" -D "$dir" -o "$settings" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    for _ in $(seq 50); do
      "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
      sleep 0.2
    done
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
      || "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE $database" >/dev/null
    say "running on 127.0.0.1:$port (data in $dir)"
    echo "export TURNERO_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/$database"
    ;;
  stop)
    bin="$(bindir)"
    if [ -n "$bin" ] && [ -d "$dir" ]; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" "$dir.initdb.log"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 64
    ;;
esac
