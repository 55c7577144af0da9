#!/usr/bin/env bash
# Installs what Turnero needs on Debian 12: system libraries (SQLite, libusb, libzint,
# libqrencode, FreeType, zlib), fonts, and with --test the tools the test suite uses
# (umockdev, systemd-analyze, tmux, the zxing-cpp barcode decoder, Chromium for the central
# dashboard's headless-browser test, lintian and debootstrap for the package test, cage + foot
# + grim + xwayland and sway + wtype for the kiosk's touch stack on a headless display, openssl
# for the TLS tests' certificates, nginx for the tested reverse-proxy configuration, Python's
# cryptography for schemathesis' Ed25519-signed requests); with --package (implied by --test)
# what kiosk-scripts/build-debs.sh needs.
# Idempotent: packages already installed are skipped, so a second run is quick.
set -euo pipefail

want_test_tools=0 want_packaging=0
for argument in "$@"; do
  case "$argument" in
    --test) want_test_tools=1 want_packaging=1 ;;
    --package) want_packaging=1 ;;
    *) echo "usage: $0 [--test] [--package]" >&2; exit 64 ;;
  esac
done

packages=(
  libsqlite3-dev libusb-1.0-0-dev libzint-dev libqrencode-dev libfreetype-dev zlib1g-dev
  fonts-dejavu-core pkg-config
  espeak-ng alsa-utils
)
if [ "$want_test_tools" = 1 ]; then
  # cage, foot, grim, xwayland: the production touch stack, headless; sway + wtype type into it.
  packages+=(umockdev libumockdev-dev tmux python3-pip chromium cage foot grim xwayland sway wtype openssl nginx-light)
fi
# Building the .deb packages (kiosk-scripts/build-debs.sh); testing them installed in a fresh
# Debian root (kiosk-scripts/test-packages.sh).
if [ "$want_packaging" = 1 ]; then packages+=(dpkg-dev binutils); fi
if [ "$want_test_tools" = 1 ]; then packages+=(lintian debootstrap); fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_test_tools" = 1 ]; then
  python3 - <<'PY' 2>/dev/null || {
import zxingcpp, PIL  # noqa: F401
PY
    echo "setup: installing the zxing-cpp decoder (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "zxing-cpp==3.1.1" Pillow
  }
  python3 -c 'import cryptography' 2>/dev/null || {
    echo "setup: installing cryptography (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "cryptography==48.0.0"
  }
  command -v schemathesis >/dev/null || {
    echo "setup: installing schemathesis (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
  }
fi

command -v swift >/dev/null || {
  for candidate in /opt/swift/usr/bin /opt/swift/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH"
  done
}
command -v swift >/dev/null || { echo "setup: Swift 6 is required (https://swift.org/install)" >&2; exit 1; }
