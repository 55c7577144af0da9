#!/usr/bin/env bash
# Fuzzes a real turnero-central on 127.0.0.1 with schemathesis (PyPI) from docs/openapi.yaml:
# no 5xx, answers as documented, and the server still up at the end. Requests are signed as an
# enrolled kiosk (kiosk-scripts/schemathesis_hooks.py) so the handlers, not only the auth, are fuzzed.
# Usage: kiosk-scripts/schemathesis.sh [--max-examples N]   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=60
[ "${1:-}" = "--max-examples" ] && examples="$2"

command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
bin="${TURNERO_BIN_DIR:-$(swift build --show-bin-path)}"
central="$bin/turnero-central"
[ -x "$central" ] || { echo "schemathesis.sh: build first ($central missing)" >&2; exit 1; }

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$central" serve --database "$work/central.sqlite" --port 0 --log-level error --kiosk-rate 100000 \
  >"$work/out" 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/out" 2>/dev/null && break; sleep 0.1; done
port="$(sed -n 's/^listening on //p' "$work/out")"
[ -n "$port" ] || { echo "schemathesis.sh: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
url="http://127.0.0.1:$port"

code="$("$central" enroll-code --database "$work/central.sqlite" --office office-1)"
enrolled="$(python3 - "$url" "$code" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/v1/enroll", method="POST",
    data=json.dumps({"code": sys.argv[2], "kiosk_id": "fuzz-kiosk"}).encode(),
    headers={"content-type": "application/json"})
print(json.load(urllib.request.urlopen(request))["secret"])
PY
)"
"$central" publish-dataset --database "$work/central.sqlite" office-config kiosk-scripts/config/office.example.json >/dev/null

status=0
TURNERO_FUZZ_KIOSK=fuzz-kiosk TURNERO_FUZZ_SECRET="$enrolled" PYTHONPATH=kiosk-scripts \
  SCHEMATHESIS_HOOKS=schemathesis_hooks \
  schemathesis run docs/openapi.yaml --url "$url" --max-examples "$examples" --seed 20261123 \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --request-timeout 10 --no-color || status=$?

if ! kill -0 "$pid" 2>/dev/null; then
  echo "schemathesis.sh: turnero-central died during the run" >&2
  cat "$work/server.log" >&2
  exit 1
fi
if grep -q '"level":"error"' "$work/server.log"; then
  echo "schemathesis.sh: the server logged errors:" >&2
  grep '"level":"error"' "$work/server.log" >&2
  status=1
fi
[ "$status" = 0 ] && echo "schemathesis.sh: no 5xx, every answer as documented, server still up"
exit "$status"
