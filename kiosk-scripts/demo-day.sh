#!/usr/bin/env bash
# A short scripted office day through the command line (no touch screen needed), on an
# embedded SQLite database in a temporary state directory: tickets are issued and printed,
# counters call and serve, customers rate, and the day's report is shown.
#   kiosk-scripts/demo-day.sh             # temporary state directory, removed at the end
#   TURNERO_STATE_DIR=/some/dir kiosk-scripts/demo-day.sh    # keep the database
set -euo pipefail
cd "$(dirname "$0")/.."
source kiosk-scripts/setup.sh

swift build --product turnero
binary="$(swift build --show-bin-path)/turnero"

state="${TURNERO_STATE_DIR:-}"
if [ -z "$state" ]; then
  state="$(mktemp -d /tmp/turnero-day.XXXXXX)"
  trap 'rm -rf "$state"' EXIT
fi
turnero() { "$binary" --state-dir "$state" "$@"; }
step() { printf '\n\033[1m%s\033[0m\n' "$*"; }

step "Opening the office (state in $state)"
turnero init --config kiosk-scripts/config/office.example.json --kiosk-id demo-kiosk

step "Customers take turns at the kiosk"
turnero turn issue --service pagos
turnero turn issue --service reclamos
turnero turn issue --service pagos --preferential
turnero turn issue --service asesoria
turnero turn issue --service pagos

step "Who is waiting, in calling order"
turnero turn list

step "Counters call, serve and finish"
turnero counter call --counter 1
turnero counter start --counter 1
turnero counter call --counter 3
turnero counter start --counter 3
sleep 1
turnero counter finish --counter 1
turnero counter call --counter 1
turnero counter no-show --counter 1
turnero counter finish --counter 3 --outcome pending
turnero counter call --counter 2
turnero counter start --counter 2
turnero counter transfer --counter 2 --service financiacion
turnero counter call --counter 4
turnero counter start --counter 4
turnero counter finish --counter 4 --outcome referred

step "Customers rate the attention (1–10)"
turnero rate --turn P-002 --score 10
turnero rate --turn R-001 --score 4

step "Detractor call-backs due within 24 h"
turnero callbacks

step "The day's report"
turnero report

step "Database check"
turnero db check
