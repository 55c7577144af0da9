#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds Turnero and starts the customer kiosk front in this
# terminal, on an embedded SQLite database, printing to the built-in virtual printer: each
# ticket appears as a picture (PNG) and a transcript in <state>/tickets/.
#   kiosk-scripts/run-kiosk.sh                        # state in ./state (kept between runs)
#   TURNERO_STATE_DIR=/tmp/office kiosk-scripts/run-kiosk.sh
# Touch the buttons (any terminal with mouse support: a touch screen, xterm, foot, tmux with
# `set -g mouse on`) or type a button's number and Enter. Ctrl-C quits (only in this demo).
# In another terminal, act as the counter:  .build/debug/turnero counter --counter 1
# and open its rating screen:               .build/debug/turnero rate-terminal --counter 1 --allow-quit
# To simulate a printer without paper:      echo paper-out > state/tickets/FAULTS
# Payment coupons: accounts 12345678 (all options), 20481234 (payment agreement: no partial),
# 30119876 (suspended and overdue), 40556677 (below the partial minimum), 99999999 (unknown).
set -euo pipefail
cd "$(dirname "$0")/.."
source kiosk-scripts/setup.sh

swift build --product turnero
binary="$(swift build --show-bin-path)/turnero"
state="${TURNERO_STATE_DIR:-$PWD/state}"
export TURNERO_STATE_DIR="$state" TURNERO_DEVICES="$PWD/devices"
# The front never writes logs over its own screen: they go to this file.
export TURNERO_LOG_FILE="${TURNERO_LOG_FILE:-$state/turnero.log}"

if [ ! -f "$state/turnero.sqlite" ]; then
  "$binary" init --config kiosk-scripts/config/office.example.json --kiosk-id demo-kiosk
  "$binary" bills import kiosk-scripts/data/bills.sample.csv   # accounts for payment coupons, e.g. 12345678
fi
if [ ! -t 0 ]; then
  echo "run-kiosk: the kiosk front needs a terminal; run this in one (or try kiosk-scripts/demo-day.sh)" >&2
  exit 1
fi
echo "Starting the kiosk front; tickets go to $state/tickets/, logs to $TURNERO_LOG_FILE (Ctrl-C quits)."
sleep 1
exec "$binary" kiosk --allow-quit
