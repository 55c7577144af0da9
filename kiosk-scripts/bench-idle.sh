#!/usr/bin/env bash
# Idle CPU, wake-ups, reaction time and memory of the kiosk, board and rating screen, on a
# release build linked as the Debian package links it (static Swift runtime and Foundation:
# kiosk-scripts/release-flags.sh), in its own scratch path like the other benchmarks.
#   kiosk-scripts/bench-idle.sh [--seconds N]
#   TURNERO_BENCH_DYNAMIC=1 kiosk-scripts/bench-idle.sh   # a plain `-c release` build instead
# Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
flags=(-c release --scratch-path .build-bench)
if [ -z "${TURNERO_BENCH_DYNAMIC:-}" ]; then
  source kiosk-scripts/release-flags.sh
  flags+=("${release_link_flags[@]}")
fi
swift build "${flags[@]}" --product turnero
python3 kiosk-scripts/bench/idle.py --turnero .build-bench/release/turnero "$@"
