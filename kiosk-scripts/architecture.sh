#!/usr/bin/env bash
# The module graph of Package.swift: `--write` regenerates docs/architecture.md's graph,
# `--check` (the default, run by test.sh) fails when the committed graph is stale, a dependency
# breaks a rule of docs/architecture.md, or imports and declared dependencies disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
dump=$(swift package dump-package)
python3 kiosk-scripts/architecture.py "${1:---check}" <<<"$dump"
