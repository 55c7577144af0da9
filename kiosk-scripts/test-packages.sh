#!/usr/bin/env bash
# The Debian packages tested as installed (CI runs it from test.sh):
#   kiosk-scripts/test-packages.sh [--release] [--bin-dir DIR]
# builds turnero and turnero-central (kiosk-scripts/build-debs.sh; a debug build sharing the
# test build unless --release), checks them with lintian (no error, no warning that
# kiosk-scripts/debian/*/lintian-overrides does not justify), installs them with apt into a
# fresh Debian 12 root made by debootstrap, and inside it (chroot; no systemd, so the binaries
# are started by hand as the units would) initialises and runs a kiosk, serves a centre, syncs
# the kiosk to it, upgrades both to a higher version built from the same tree, removes and
# purges them, checking what each step must keep or delete.
#
# The minimal Debian root is made once (debootstrap: about 80 s) and kept as a tarball in
# $TURNERO_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/turnero), with the .deb files apt
# fetched for it; each run unpacks a fresh copy. TURNERO_DEBIAN_MIRROR names the mirror (default http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."
source kiosk-scripts/setup.sh --test >/dev/null

configuration=debug bin_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --release) configuration=release; shift ;;
    --bin-dir) bin_dir="$2"; shift 2 ;;
    *) echo "test-packages: unknown option $1" >&2; exit 64 ;;
  esac
done
mode=(); [ "$configuration" = debug ] && mode=(--debug)

if [ -n "${XDG_CACHE_HOME:-}" ]; then cache="$XDG_CACHE_HOME/turnero"
elif [ -n "${HOME:-}" ]; then cache="$HOME/.cache/turnero"
else cache=/var/cache/turnero-test
fi
cache="${TURNERO_CACHE_DIR:-$cache}"
mirror="${TURNERO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
tarball="$cache/debian12-minbase.tar"
work="$(mktemp -d /var/tmp/turnero-packages.XXXXXX)"
root="$work/root"
passed=0
started=$SECONDS

cleanup() {
  # Nothing is mounted into the root from outside (proc lives in the namespace of each
  # command), so removing it can never reach the host; --one-file-system makes sure.
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

fail() { echo "test-packages: FAILED: $*" >&2; echo "packages: $passed passed, 1 failed"; exit 1; }
pass() { passed=$((passed + 1)); echo "test-packages: ok: $*"; }
step() { echo "test-packages: [$((SECONDS - started)) s] $*"; }

# Runs a command in the root: a mount and PID namespace of its own (with /proc), so nothing it
# starts outlives it and nothing stays mounted. The network is the host's (loopback only used).
inroot() {
  unshare --mount --pid --fork --mount-proc="$root/proc" --kill-child \
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

step "building the packages"
if [ -z "$bin_dir" ]; then
  kiosk-scripts/build-debs.sh "${mode[@]}" --output "$work/v1"
  bin_dir="$(swift build -c "$configuration" --show-bin-path)"
else
  kiosk-scripts/build-debs.sh "${mode[@]}" --bin-dir "$bin_dir" --output "$work/v1"
fi
old_deb=("$work"/v1/turnero_*.deb)
version="$(dpkg-deb -f "${old_deb[0]}" Version)"
# The upgrade: the same binaries, a higher version (what a new release looks like to dpkg).
kiosk-scripts/build-debs.sh "${mode[@]}" --bin-dir "$bin_dir" --version "$version+1" --output "$work/v2"
dpkg --compare-versions "$version+1" gt "$version" || fail "$version+1 is not newer than $version"

step "lintian"
# Warnings fail too: each one that stays is justified in the package's lintian-overrides.
lintian --fail-on error,warning --no-tag-display-limit "$work"/v1/*.deb || fail "lintian found errors or unjustified warnings"
pass "lintian: no errors, every warning justified"

step "a fresh Debian 12 root"
mkdir -p "$cache/archives"
if [ ! -f "$tarball" ]; then
  echo "test-packages: making the Debian 12 root once (debootstrap; cached in $cache)"
  made=$SECONDS
  # A root and a tarball of this run's own, renamed into place when complete: two runs at
  # once (or one killed half-way) never leave a broken cache.
  fresh="$work/debootstrap"
  debootstrap --variant=minbase bookworm "$fresh" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
  cp /etc/resolv.conf "$fresh/etc/resolv.conf"
  root="$fresh" inroot apt-get update -q >/dev/null || fail "apt-get update in the new root"
  root="$fresh" inroot apt-get clean
  tar -C "$fresh" -cf "$tarball.$$" . && mv "$tarball.$$" "$tarball"
  rm -rf --one-file-system "$fresh"
  echo "test-packages: debootstrap took $((SECONDS - made)) s"
fi
mkdir "$root"
tar -C "$root" -xf "$tarball"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$work"/v1/*.deb "$work"/v2/*.deb "$root/tmp/"
find "$cache/archives" -name '*.deb' -exec cp {} "$root/var/cache/apt/archives/" \;
[ ! -e "$root/usr/bin/turnero" ] && ! inroot getent passwd turnero >/dev/null || fail "the root is not fresh"

# apt resolves the dependencies from the mirror; stale package lists are refreshed once.
apt_install() {
  inroot apt-get install -y -q "$@" >"$work/apt.log" 2>&1 ||
    { inroot apt-get update -q >/dev/null && inroot apt-get install -y -q "$@" >"$work/apt.log" 2>&1; } ||
    { tail -30 "$work/apt.log" >&2; fail "apt-get install $*"; }
}

step "install"
apt_install "/tmp/turnero_${version}_$(dpkg --print-architecture).deb" \
  "/tmp/turnero-central_${version}_$(dpkg --print-architecture).deb"
cp -n "$root"/var/cache/apt/archives/*.deb "$cache/archives/" 2>/dev/null || true
inroot test -x /usr/bin/turnero -a -x /usr/bin/turnero-central || fail "binaries not installed"
[ -z "$(inroot find / -xdev -name 'libswiftCore*' -print -quit)" ] || fail "a Swift runtime got installed"
inroot id -nG turnero | grep -qw lp || fail "user turnero is not in group lp"
inroot getent passwd turnero-central >/dev/null || fail "no user turnero-central"
[ "$(inroot stat -c '%U %a' /var/lib/turnero)" = "turnero 700" ] || fail "/var/lib/turnero is not turnero's, 0700"
[ "$(inroot stat -c '%U %a' /var/lib/turnero-central)" = "turnero-central 700" ] || fail "/var/lib/turnero-central"
[ -z "$(find "$root/etc/systemd/system" -name 'turnero*' 2>/dev/null)" ] || fail "install enabled a unit"
inroot dpkg-query -W -f='${Conffiles}\n' turnero | grep -q '/etc/turnero/turnero.env' || fail "turnero.env is no conffile"
inroot dpkg-query -W -f='${Conffiles}\n' turnero-central | grep -q '/etc/turnero-central/turnero-central.env' ||
  fail "turnero-central.env is no conffile"
pass "install: users, state directories, conffiles; nothing enabled, no Swift on the target"

step "the kiosk, as the technician sets it up"
kiosk=$(cat <<'EOF'
set -eu
cp /usr/share/doc/turnero/examples/office.example.json /etc/turnero/office.json
as() { runuser -u turnero -- "$@"; }
as turnero init --config /etc/turnero/office.json --kiosk-id med-centro-kiosk-1
as turnero printer profiles | grep -q '^Profiles in /usr/share/turnero/devices'
as turnero printer profiles | grep -q 'epson-tm-t20iii'
as turnero printer list
as turnero turn issue --service pagos --no-print --json > /tmp/issued.json
grep -q '"label" : "P-001"' /tmp/issued.json
as turnero turn list | grep -q 'P-001'
# Root is sent to the kiosk's user instead of leaving root's files in its state directory.
status=0; turnero turn list 2>/tmp/root.err || status=$?
[ "$status" = 77 ] && grep -q 'sudo -u turnero' /tmp/root.err
EOF
)
inroot bash -c "$kiosk" || fail "turnero init / printer list / turn issue in the root"
pass "turnero init, printer profiles/list, turn issue --no-print as user turnero; root refused (77)"

step "the centre"
# serve, answer /v1/health, enroll the kiosk and take its events; then the operator commands.
central=$(cat <<'EOF'
set -eu
asc() { runuser -u turnero-central -- "$@"; }
asc turnero-central serve --port 0 > /tmp/central.out 2>/tmp/central.err &
server=$!
for _ in $(seq 300); do grep -q '^listening on ' /tmp/central.out && break; kill -0 $server; sleep 0.1; done
port=$(sed -n 's/^listening on //p' /tmp/central.out)
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
answer=$(cat <&3)
echo "$answer" | head -1 | grep -q ' 200 '
status=0; asc turnero-central publish-dataset office-config /usr/share/doc/turnero-central/examples/office.example.json \
  --office office-12 2>/tmp/publish.err || status=$?
[ "$status" != 0 ] && grep -q "not of 'office-12'" /tmp/publish.err
asc turnero-central publish-dataset office-config /usr/share/doc/turnero-central/examples/office.example.json --office med-centro
asc turnero-central publish-dataset bills /usr/share/doc/turnero-central/examples/bills.sample.json --office med-centro
code=$(asc turnero-central enroll-code --office med-centro)
runuser -u turnero -- turnero sync enroll --server "http://127.0.0.1:$port" --code "$code"
runuser -u turnero -- turnero sync once
runuser -u turnero -- turnero bills status | grep -q 'central-v'
kill -TERM $server; wait $server || true
# What the centre holds of the kiosk, compared again after the upgrade.
asc turnero-central stats --kiosk med-centro-kiosk-1 | tee /tmp/central-stats.json | grep -Eq '"events":[1-9]'
EOF
)
inroot bash -c "$central" || { cat "$root/tmp/central.err" >&2 || true; fail "turnero-central serve / sync in the root"; }
pass "turnero-central serve answers /v1/health; the kiosk enrolled and synced to it; bills published"

step "upgrade to $version+1"
echo "# a technician's note" >> "$root/etc/turnero/turnero.env"
apt_install "/tmp/turnero_${version}+1_$(dpkg --print-architecture).deb" \
  "/tmp/turnero-central_${version}+1_$(dpkg --print-architecture).deb"
[ "$(inroot dpkg-query -W -f='${Version}' turnero)" = "$version+1" ] || fail "turnero was not upgraded"
[ "$(inroot dpkg-query -W -f='${Version}' turnero-central)" = "$version+1" ] || fail "turnero-central was not upgraded"
upgraded=$(cat <<'EOF'
set -eu
runuser -u turnero -- turnero turn list | grep -q 'P-001'
runuser -u turnero -- turnero db check
runuser -u turnero -- turnero turn issue --service pagos --no-print --json | grep -q '"label" : "P-002"'
grep -q "a technician's note" /etc/turnero/turnero.env
test -f /etc/turnero/office.json
[ "$(runuser -u turnero-central -- turnero-central stats --kiosk med-centro-kiosk-1)" = "$(cat /tmp/central-stats.json)" ]
EOF
)
inroot bash -c "$upgraded" || fail "the database or the configuration did not survive the upgrade"
pass "upgrade: the kiosk's turns and the centre's events survived, the edited conffile kept"

step "remove, then purge"
# A technician enabled the kiosk on tty1 (what systemctl enable makes).
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -s /lib/systemd/system/turnero-kiosk@.service "$root/etc/systemd/system/multi-user.target.wants/turnero-kiosk@tty1.service"
inroot apt-get remove -y -q turnero turnero-central >"$work/apt.log" 2>&1 || fail "apt-get remove"
[ ! -e "$root/usr/bin/turnero" ] && [ ! -e "$root/usr/bin/turnero-central" ] || fail "binaries left after remove"
for kept in var/lib/turnero/turnero.sqlite etc/turnero/turnero.env etc/turnero/office.json \
  var/lib/turnero-central/central.sqlite etc/turnero-central/turnero-central.env; do
  [ -e "$root/$kept" ] || fail "remove deleted /$kept"
done
pass "remove: binaries gone, data and configuration kept"
inroot apt-get purge -y -q turnero turnero-central >"$work/apt.log" 2>&1 || fail "apt-get purge"
for gone in var/lib/turnero etc/turnero var/lib/turnero-central etc/turnero-central \
  etc/systemd/system/multi-user.target.wants/turnero-kiosk@tty1.service; do
  [ ! -e "$root/$gone" ] && [ ! -L "$root/$gone" ] || fail "purge left /$gone"
done
[ -z "$(inroot dpkg-query -W -f='${db:Status-Status}' turnero 2>/dev/null | grep -v not-installed)" ] || fail "turnero still known to dpkg"
pass "purge: data, configuration and enabled units gone"

step "done"
echo "packages: $passed passed, 0 failed"
