#!/usr/bin/env bash
# Idle CPU, wake-ups, reaction time and memory of the kiosk, board and rating screen, on a
# release build in its own scratch path like the other benchmarks, and where the kiosk's
# resident memory lies (by mapping, from /proc/PID/smaps).
#   kiosk-scripts/bench-idle.sh [--seconds N]
#   TURNERO_BENCH_STATIC=1 kiosk-scripts/bench-idle.sh   # linked as the Debian package links it
#                                                        # (kiosk-scripts/release-flags.sh)
# Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
flags=(-c release --scratch-path .build-bench)
if [ -n "${TURNERO_BENCH_STATIC:-}" ]; then
  source kiosk-scripts/release-flags.sh
  flags+=("${release_link_flags[@]}")
fi
swift build "${flags[@]}" --product turnero
python3 kiosk-scripts/bench/idle.py --turnero .build-bench/release/turnero "$@"
