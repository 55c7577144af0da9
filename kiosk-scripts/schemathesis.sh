#!/usr/bin/env bash
# Fuzzes a real turnero-central on 127.0.0.1 with schemathesis (PyPI) from docs/openapi.yaml:
# no 5xx, answers as documented, and the server still up at the end. Requests are signed as an
# enrolled kiosk (Ed25519, kiosk-scripts/schemathesis_hooks.py) so the handlers, not only the
# auth, are fuzzed. It runs twice: over plain HTTP, and over HTTPS with the server terminating
# TLS itself (a CA and certificate made here with openssl).
# Usage: kiosk-scripts/schemathesis.sh [--max-examples N]   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=60
[ "${1:-}" = "--max-examples" ] && examples="$2"

command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "cryptography==48.0.0"
bin="${TURNERO_BIN_DIR:-$(swift build --show-bin-path)}"
central="$bin/turnero-central"
[ -x "$central" ] || { echo "schemathesis.sh: build first ($central missing)" >&2; exit 1; }

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A CA and a server certificate for 127.0.0.1, for the HTTPS run.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -days 2 -subj "/CN=schemathesis CA" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial 7 -days 2 \
  -extfile "$work/server.ext" -out "$work/server.pem" 2>/dev/null

# run NAME SCHEME [serve options…]: one server, one enrolled kiosk, one schemathesis run.
run() {
  local name="$1" scheme="$2"
  shift 2
  local database="$work/$name.sqlite"
  "$central" serve --database "$database" --port 0 --log-level error --kiosk-rate 100000 --drain-seconds 0 "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
  pid=$!
  for _ in $(seq 100); do grep -q '^listening on ' "$work/$name.out" 2>/dev/null && break; sleep 0.1; done
  local port
  port="$(sed -n 's/^listening on //p' "$work/$name.out")"
  [ -n "$port" ] || { echo "schemathesis.sh: the server did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
  local url="$scheme://127.0.0.1:$port"

  local code key
  code="$("$central" enroll-code --database "$database" --office office-1)"
  key="$(python3 - "$url" "$code" "$work/ca.pem" <<'PY'
import base64, json, ssl, sys, urllib.request
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
key = Ed25519PrivateKey.generate()
raw = lambda b: base64.b64encode(b).decode()
public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
request = urllib.request.Request(sys.argv[1] + "/v1/enroll", method="POST",
    data=json.dumps({"code": sys.argv[2], "kiosk_id": "fuzz-kiosk", "public_key": raw(public)}).encode(),
    headers={"content-type": "application/json"})
context = ssl.create_default_context(cafile=sys.argv[3])
json.load(urllib.request.urlopen(request, context=context))
print(raw(private))
PY
)"
  "$central" publish-dataset --database "$database" office-config kiosk-scripts/config/office.example.json >/dev/null

  local status=0
  TURNERO_FUZZ_KIOSK=fuzz-kiosk TURNERO_FUZZ_KEY="$key" PYTHONPATH=kiosk-scripts \
    SCHEMATHESIS_HOOKS=schemathesis_hooks REQUESTS_CA_BUNDLE="$work/ca.pem" \
    schemathesis run docs/openapi.yaml --url "$url" --max-examples "$examples" --seed 20261123 \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --tls-verify "$work/ca.pem" --request-timeout 10 --no-color || status=$?

  if ! kill -0 "$pid" 2>/dev/null; then
    echo "schemathesis.sh ($name): turnero-central died during the run" >&2
    cat "$work/$name.log" >&2
    exit 1
  fi
  if grep -q '"level":"error"' "$work/$name.log"; then
    echo "schemathesis.sh ($name): the server logged errors:" >&2
    grep '"level":"error"' "$work/$name.log" >&2
    status=1
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  [ "$status" = 0 ] || exit "$status"
  echo "schemathesis.sh ($name): no 5xx, every answer as documented, server still up"
}

run http http
run https https --tls-certificate "$work/server.pem" --tls-key "$work/server.key"
