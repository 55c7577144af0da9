#!/usr/bin/env bash
# Installs Turnero on a Debian 12 kiosk machine, as root:
#   kiosk-scripts/install-kiosk.sh --config office.json [--kiosk-id ID] [--tty tty1 | --cage]
#       [--board tty2] [--rate tty3:4] [--no-enable]
# and, for packaging or tests, into a staging folder without touching the system:
#   kiosk-scripts/install-kiosk.sh --root DIR --binary PATH --config office.json
set -euo pipefail
cd "$(dirname "$0")/.."

root="" binary="" config="" kiosk_id="$(hostname)" tty="tty1" cage=0 board="" rates=() enable=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
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
staging=$([ -n "$root" ] && echo 1 || echo 0)
if [ "$staging" = 0 ] && [ "$(id -u)" != 0 ]; then echo "install-kiosk: run as root (or use --root DIR)" >&2; exit 1; fi
if [ ! -f "${root}/etc/turnero/office.json" ] && [ -z "$config" ]; then
  echo "install-kiosk: first installation: pass --config office.json (see kiosk-scripts/config/office.example.json)" >&2
  exit 64
fi

if [ -z "$binary" ]; then
  source kiosk-scripts/setup.sh
  swift build -c release --product turnero
  binary="$(swift build -c release --show-bin-path)/turnero"
fi

install -D -m 0755 "$binary" "$root/usr/local/bin/turnero"
mkdir -p "$root/usr/share/turnero/devices" "$root/usr/share/doc/turnero"
install -m 0644 devices/*.json "$root/usr/share/turnero/devices/"
[ -f devices/README.md ] && install -m 0644 devices/README.md "$root/usr/share/turnero/devices/"
install -m 0644 README.md "$root/usr/share/doc/turnero/"
if [ -n "$config" ]; then
  "$binary" db --help >/dev/null  # the binary runs on this machine
  install -D -m 0644 "$config" "$root/etc/turnero/office.json"
fi
for unit in kiosk-scripts/systemd/*.service; do install -D -m 0644 "$unit" "$root/etc/systemd/system/$(basename "$unit")"; done
install -D -m 0644 kiosk-scripts/systemd/journald-turnero.conf "$root/etc/systemd/journald.conf.d/turnero.conf"
if "$binary" printer --help 2>/dev/null | grep -q "udev-rules"; then
  mkdir -p "$root/etc/udev/rules.d"
  "$binary" printer udev-rules --devices devices > "$root/etc/udev/rules.d/70-turnero-printers.rules"
fi
for rate in "${rates[@]}"; do
  echo "TURNERO_COUNTER=${rate#*:}" > "$root/etc/turnero/rate-${rate%%:*}.env"
done

if [ "$staging" = 1 ]; then
  echo "install-kiosk: staged in $root"
  exit 0
fi

id kiosk >/dev/null 2>&1 || useradd --system --home-dir /var/lib/turnero --shell /usr/sbin/nologin kiosk
usermod -a -G lp kiosk
install -d -o kiosk -g kiosk -m 0700 /var/lib/turnero
runuser -u kiosk -- /usr/local/bin/turnero init --state-dir /var/lib/turnero --config /etc/turnero/office.json --kiosk-id "$kiosk_id"
udevadm control --reload && udevadm trigger --subsystem-match=usb --subsystem-match=usbmisc || true
systemctl daemon-reload
systemctl restart systemd-journald
if [ "$enable" = 1 ]; then
  if [ "$cage" = 1 ]; then systemctl enable --now turnero-kiosk-cage.service; else systemctl enable --now "turnero-kiosk@$tty.service"; fi
  [ -n "$board" ] && systemctl enable --now "turnero-board@$board.service"
  for rate in "${rates[@]}"; do systemctl enable --now "turnero-rate@${rate%%:*}.service"; done
fi
echo "install-kiosk: done. Check with: systemctl status 'turnero-*' and turnero printer doctor"
