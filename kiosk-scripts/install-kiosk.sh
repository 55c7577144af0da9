#!/usr/bin/env bash
# Sets up a Debian 12 kiosk from the turnero package, as root, in one command:
#   kiosk-scripts/install-kiosk.sh --config office.json [--kiosk-id ID] [--tty tty1 | --cage]
#       [--board tty2] [--rate tty3:4] [--no-enable] [--deb turnero_VERSION_ARCH.deb]
# It installs the package (built from this checkout by kiosk-scripts/build-debs.sh unless --deb
# names one), puts the office configuration in /etc/turnero/office.json, initialises the
# database in /var/lib/turnero as user turnero and enables the units asked for. The same steps
# by hand, with only the .deb: README.md, "Install on a kiosk".
set -euo pipefail
cd "$(dirname "$0")/.."

deb="" config="" kiosk_id="$(hostname)" tty="tty1" cage=0 board="" rates=() enable=1
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --kiosk-id) kiosk_id="$2"; shift 2 ;;
    --tty) tty="$2"; shift 2 ;;
    --cage) cage=1; shift ;;
    --board) board="$2"; shift 2 ;;
    --rate) rates+=("$2"); shift 2 ;;
    --no-enable) enable=0; shift ;;
    *) echo "install-kiosk: unknown option $1 (see the comment at the top of this script)" >&2; exit 64 ;;
  esac
done
if [ "$(id -u)" != 0 ]; then echo "install-kiosk: run as root" >&2; exit 1; fi
if [ ! -f /etc/turnero/office.json ] && [ -z "$config" ]; then
  echo "install-kiosk: first installation: pass --config office.json (see kiosk-scripts/config/office.example.json)" >&2
  exit 64
fi

if [ -z "$deb" ]; then
  kiosk-scripts/build-debs.sh --output .build/debs
  deb="$(ls -t .build/debs/turnero_*.deb | head -1)"
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y "$(readlink -f "$deb")"

[ -n "$config" ] && install -D -m 0644 "$config" /etc/turnero/office.json
for rate in "${rates[@]}"; do
  echo "TURNERO_COUNTER=${rate#*:}" > "/etc/turnero/rate-${rate%%:*}.env"
done
runuser -u turnero -- turnero init --config /etc/turnero/office.json --kiosk-id "$kiosk_id"
systemctl restart systemd-journald  # the package's journald drop-in: persistent, bounded logs
if [ "$enable" = 1 ]; then
  if [ "$cage" = 1 ]; then systemctl enable --now turnero-kiosk-cage.service; else systemctl enable --now "turnero-kiosk@$tty.service"; fi
  [ -n "$board" ] && systemctl enable --now "turnero-board@$board.service"
  for rate in "${rates[@]}"; do systemctl enable --now "turnero-rate@${rate%%:*}.service"; done
fi
echo "install-kiosk: done. Check with: systemctl status 'turnero-*' and sudo -u turnero turnero printer doctor"
