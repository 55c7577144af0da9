#!/usr/bin/env bash
# Idle CPU, wake-ups, reaction time and memory of the kiosk, board and rating screen, on a
# release build (its own scratch path, like the other benchmarks). Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --scratch-path .build-bench --product turnero
python3 kiosk-scripts/bench/idle.py --turnero .build-bench/release/turnero "$@"
