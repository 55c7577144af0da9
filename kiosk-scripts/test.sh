#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source kiosk-scripts/setup.sh --test

export CI="${CI:-1}"                       # tests that need an external tool fail instead of skipping
export SWIFT_BACKTRACE="enable=no"         # a crash must fail fast, not hang in the backtracer
# The module graph: docs/architecture.md matches Package.swift, dependencies point down,
# imports and declared dependencies agree.
kiosk-scripts/architecture.sh --check
swift build --build-tests
# The Debian packages, installed in a fresh Debian 12 root: built from this debug build (a
# relink with the Swift runtime static, not a second build; see docs/packaging.md).
kiosk-scripts/test-packages.sh
# The central server's storage suite runs on SQLite and on a real PostgreSQL server.
if [ -z "${TURNERO_TEST_POSTGRES_URL:-}" ]; then
  eval "$(kiosk-scripts/postgres-test.sh start)"
  trap 'kiosk-scripts/postgres-test.sh stop' EXIT
fi
# With CI set the PostgreSQL cases never skip: they fail without a server URL.
if [ -z "${TURNERO_TEST_POSTGRES_URL:-}" ]; then
  echo "test.sh: no PostgreSQL server URL after starting one; refusing to skip its cases" >&2
  exit 1
fi
kiosk-scripts/schemathesis.sh              # the central server's OpenAPI contract, fuzzed
swift test --skip-build "$@"
