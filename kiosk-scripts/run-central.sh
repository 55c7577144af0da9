#!/usr/bin/env bash
# One command for a central server on PostgreSQL: installs what is missing (Debian 12), starts a
# local PostgreSQL cluster unless TURNERO_CENTRAL_DATABASE names one, builds turnero-central,
# creates the first manager account on the first run, prints a one-time sign-in link and a
# kiosk enrollment code, then runs `turnero-central serve` in the foreground (Ctrl-C stops it).
#
#   kiosk-scripts/run-central.sh                       # http://127.0.0.1:8080, release build
#   kiosk-scripts/run-central.sh --debug --port 8090   # quicker first build
#   TURNERO_CENTRAL_DATABASE=postgres://turnero:secret@db.internal/turnero kiosk-scripts/run-central.sh
#
# Options: --host ADDRESS (127.0.0.1), --port N (8080), --office ID (med-centro: the office the
# printed enrollment code is for), --manager NAME (gerente: the first account), --debug,
# --tls-certificate FILE --tls-key FILE (PEM: serve HTTPS itself; else put nginx in front,
# kiosk-scripts/nginx-turnero-central.conf).
# The local cluster keeps its data in TURNERO_PG_DIR (default /var/tmp/turnero-central-pg) on
# port TURNERO_PG_PORT (55433), fsync on; it keeps running after the server stops. Remove it
# with: TURNERO_PG_DIR=/var/tmp/turnero-central-pg kiosk-scripts/postgres-test.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."

host=127.0.0.1
port=8080
office=med-centro
manager=gerente
configuration=release
tls=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --office) office="$2"; shift 2 ;;
    --manager) manager="$2"; shift 2 ;;
    --debug) configuration=debug; shift ;;
    --tls-certificate|--tls-key) tls+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--host ADDRESS] [--port N] [--office ID] [--manager NAME] [--debug] [--tls-certificate FILE --tls-key FILE]" >&2; exit 64 ;;
  esac
done
say() { echo "run-central: $*" >&2; }

source kiosk-scripts/setup.sh

if [ -z "${TURNERO_CENTRAL_DATABASE:-}" ]; then
  eval "$(TURNERO_PG_DIR="${TURNERO_PG_DIR:-/var/tmp/turnero-central-pg}" TURNERO_PG_PORT="${TURNERO_PG_PORT:-55433}" \
    TURNERO_PG_DATABASE=turnero_central TURNERO_PG_DURABLE=1 TURNERO_PG_KEEP=1 kiosk-scripts/postgres-test.sh start)"
  export TURNERO_CENTRAL_DATABASE="$TURNERO_TEST_POSTGRES_URL"
fi
case "$TURNERO_CENTRAL_DATABASE" in
  postgres://*|postgresql://*) ;;
  *) say "TURNERO_CENTRAL_DATABASE must be a postgres:// URL (SQLite: run turnero-central serve --database FILE)"; exit 64 ;;
esac

say "building turnero-central ($configuration; the first build takes several minutes)"
swift build -c "$configuration" --product turnero-central
central="$(swift build -c "$configuration" --show-bin-path)/turnero-central"

# turnero-central reads TURNERO_CENTRAL_DATABASE when --database is not given.
if [ -z "$("$central" user list)" ]; then
  say "first run: creating the manager account '$manager' (its password is printed once)"
  "$central" user add "$manager" --role manager
  if [ "$office" = med-centro ]; then
    "$central" publish-dataset office-config kiosk-scripts/config/office.example.json --office "$office"
  else
    say "publish $office's configuration: $central publish-dataset office-config FILE --office $office"
  fi
fi
scheme=http
[ "${#tls[@]}" -gt 0 ] && scheme=https
base="$scheme://$host:$port"
[ "$host" = 0.0.0.0 ] && base="$scheme://127.0.0.1:$port"
echo
echo "Dashboard: $base/dashboard"
echo "One-time sign-in link for $manager (15 minutes): $("$central" user login-link "$manager" --base-url "$base")"
echo "Enrollment code for a kiosk of $office (24 hours): $("$central" enroll-code --office "$office")"
echo "  on the kiosk: turnero sync enroll --server $base --code CODE [--ca-file CA.pem | --pin-sha256 HASH]"
echo "Metrics: $base/metrics · health: $base/v1/health · readiness: $base/v1/ready"
echo
exec "$central" serve --host "$host" --port "$port" ${tls[@]+"${tls[@]}"}
