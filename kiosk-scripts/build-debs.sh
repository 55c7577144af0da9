#!/usr/bin/env bash
# Builds the Debian packages `turnero` (the kiosk) and `turnero-central` (the centre) with
# dpkg-deb, for the architecture of this machine:
#   kiosk-scripts/build-debs.sh [--version V] [--output DIR] [--debug] [--bin-dir DIR]
#     --version V   package version (default: what `turnero --version` prints)
#     --output DIR  where the .deb files go (default: .build/debs)
#     --debug       package a debug build (built here, or the one in --bin-dir): the same
#                   packages, quicker to build and compress (the CI test uses it, sharing the
#                   test build); releases use the default, -c release
#     --bin-dir DIR package the turnero and turnero-central already built in DIR (no build)
# and, for the unit tests, only the kiosk package's file tree, without building anything:
#   kiosk-scripts/build-debs.sh --stage DIR --bin-dir DIR
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib), so the target
# needs no Swift; the packages depend on the Debian libraries the binaries actually link, as
# dpkg-shlibdeps computes them, and the build fails if one outside the expected set appears.
# Layout, maintainer scripts and lintian overrides: kiosk-scripts/debian/.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

version="" output=".build/debs" configuration=release bin_dir="" stage=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --debug) configuration=debug; shift ;;
    --bin-dir) bin_dir="$2"; shift 2 ;;
    --stage) stage="$2"; shift 2 ;;
    *) echo "build-debs: unknown option $1 (see the comment at the top of this script)" >&2; exit 64 ;;
  esac
done
debian=kiosk-scripts/debian

# Libraries the binaries may link (dpkg-shlibdeps names): libc and the C++ runtime the static
# Swift runtime needs, and the C libraries wrapped in Sources/C*. Anything else is a mistake,
# e.g. FoundationNetworking pulling in libcurl.
allowed='^(libc6|libgcc-s1|libstdc\+\+6|libusb-1\.0-0|libsqlite3-0|libzint[0-9.]*|libqrencode4|libfreetype6|zlib1g)$'

# The kiosk package's files (not DEBIAN/) under $1.
stage_turnero() {
  local root="$1"
  install -D -m 0755 "$bin_dir/turnero" "$root/usr/bin/turnero"
  install -d "$root/usr/share/turnero/devices" "$root/usr/share/doc/turnero/examples"
  install -m 0644 devices/*.json "$root/usr/share/turnero/devices/"
  install -m 0644 devices/README.md "$root/usr/share/doc/turnero/devices.md"
  for unit in turnero-kiosk@ turnero-kiosk-cage turnero-board@ turnero-rate@; do
    install -D -m 0644 "kiosk-scripts/systemd/$unit.service" "$root/lib/systemd/system/$unit.service"
  done
  install -D -m 0644 kiosk-scripts/systemd/journald-turnero.conf "$root/usr/lib/systemd/journald.conf.d/turnero.conf"
  install -D -m 0644 kiosk-scripts/udev/70-turnero-printers.rules "$root/lib/udev/rules.d/70-turnero-printers.rules"
  install -D -m 0644 "$debian/turnero/turnero.env" "$root/etc/turnero/turnero.env"
  install -m 0644 README.md "$root/usr/share/doc/turnero/README.md"
  install -m 0644 kiosk-scripts/README.md "$root/usr/share/doc/turnero/printers.md"
  install -m 0644 kiosk-scripts/config/office.example.json kiosk-scripts/data/bills.sample.csv \
    "$root/usr/share/doc/turnero/examples/"
}

stage_central() {
  local root="$1"
  install -D -m 0755 "$bin_dir/turnero-central" "$root/usr/bin/turnero-central"
  install -D -m 0644 kiosk-scripts/systemd/turnero-central.service "$root/lib/systemd/system/turnero-central.service"
  install -D -m 0600 "$debian/turnero-central/turnero-central.env" "$root/etc/turnero-central/turnero-central.env"
  install -D -m 0644 README.md "$root/usr/share/doc/turnero-central/README.md"
  install -d "$root/usr/share/doc/turnero-central/examples"
  install -m 0644 kiosk-scripts/config/office.example.json kiosk-scripts/data/bills.sample.json \
    "$root/usr/share/doc/turnero-central/examples/"
}

if [ -n "$stage" ]; then
  [ -n "$bin_dir" ] || { echo "build-debs: --stage needs --bin-dir" >&2; exit 64; }
  stage_turnero "$stage"
  exit 0
fi

source kiosk-scripts/setup.sh --package
if [ -z "$bin_dir" ]; then
  # Static Swift runtime and Foundation, hardening: kiosk-scripts/release-flags.sh.
  source kiosk-scripts/release-flags.sh
  flags=(-c "$configuration" "${release_link_flags[@]}")
  swift build "${flags[@]}" --product turnero
  swift build "${flags[@]}" --product turnero-central
  bin_dir="$(swift build "${flags[@]}" --show-bin-path)"
fi
[ -n "$version" ] || version="$("$bin_dir/turnero" --version)"
compression=(-Zxz)
[ "$configuration" = debug ] && compression=(-Zgzip -z1)
arch="$(dpkg --print-architecture)"
maintainer="${TURNERO_DEB_MAINTAINER:-Turnero maintainers <turnero@example.com>}"
# Reproducible: dates and file times are the last commit's.
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
mkdir -p "$output"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Builds package $1 from the tree staged by stage_$2.
build_package() {
  local package="$1" stager="$2" root="$work/debian/$1"
  mkdir -p "$root/DEBIAN"
  "$stager" "$root"
  local binary="$root/usr/bin/$package"
  # Debian ships stripped binaries (no debug info, no symbol table: a fraction of the size).
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$binary"
  local doc="$root/usr/share/doc/$package"
  kiosk-scripts/debian/copyright.sh > "$doc/copyright"
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- %s  %s\n' \
    "$package" "$version" "$commit" "$maintainer" "$(date -u -R -d "@$epoch")" | gzip -9n > "$doc/changelog.gz"
  install -D -m 0644 "$debian/$package/$package.1" "$root/usr/share/man/man1/$package.1"
  gzip -9n "$root/usr/share/man/man1/$package.1"
  install -D -m 0644 "$debian/$package/lintian-overrides" "$root/usr/share/lintian/overrides/$package"

  # The libraries actually linked, as Debian dependencies.
  printf 'Source: turnero\n\nPackage: %s\nArchitecture: any\n' "$package" > "$work/debian/control"
  local shlibs
  shlibs="$(cd "$work" && dpkg-shlibdeps -O -e "debian/$package/usr/bin/$package" 2>"$work/shlibdeps.log")" || {
    cat "$work/shlibdeps.log" >&2; exit 1; }
  shlibs="${shlibs#shlibs:Depends=}"
  local name
  for name in $(tr ',' '\n' <<<"$shlibs" | sed 's/(.*//; s/|.*//; s/ //g'); do
    grep -Eq "$allowed" <<<"$name" || {
      echo "build-debs: $package links $name, which is not one of the expected libraries; see 'allowed' in $0" >&2
      exit 1
    }
  done

  install -m 0755 "$debian/$package/postinst" "$debian/$package/prerm" "$debian/$package/postrm" "$root/DEBIAN/"
  (cd "$root" && find etc -type f | sed 's|^|/|' | sort) > "$root/DEBIAN/conffiles"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"
  local size
  size="$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)"
  sed -e "s#@VERSION@#$version#; s#@ARCH@#$arch#; s#@MAINTAINER@#$maintainer#; s#@INSTALLED_SIZE@#$size#; s#@SHLIBS@#$shlibs#" \
    "$debian/$package/control" > "$root/DEBIAN/control"
  find "$root" -exec touch -h -d "@$epoch" {} +
  local file="$output/${package}_${version}_${arch}.deb"
  dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$file" >/dev/null
  echo "build-debs: $file ($(du -h "$file" | cut -f1)); Depends: adduser, $shlibs"
}

build_package turnero stage_turnero
build_package turnero-central stage_central
