#!/usr/bin/env bash
# Prints /usr/share/doc/PACKAGE/copyright for the Turnero packages: the project's notice, then
# every Swift package resolved for this build (they are linked statically into the binaries)
# with its license: Apache-2.0 ones by reference to /usr/share/common-licenses and their NOTICE
# text, others verbatim. Run from the repository root after a build (.build/checkouts).
set -euo pipefail
checkouts=.build/checkouts
[ -d "$checkouts" ] || { echo "copyright.sh: no $checkouts: build first" >&2; exit 1; }

indent() { sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /'; }

cat <<'EOF'
Turnero: queue kiosk host and central server.

Copyright: The Turnero authors. All rights reserved.

The programs are statically linked with the Swift runtime and Foundation of the Swift 6
toolchain (Apache License 2.0 with the Runtime Library Exception; Foundation's ICU data under
the Unicode License) and with the Swift packages below, each under its own license. The text
of the Apache License 2.0 is in /usr/share/common-licenses/Apache-2.0.

Runtime Library Exception to the Apache 2.0 License:
 As an exception, if you use this Software to compile your source code and
 portions of this Software are embedded into the binary product as a result,
 you may redistribute such product without providing attribution as would
 otherwise be required by Sections 4(a), 4(b) and 4(d) of the License.
EOF

for directory in "$checkouts"/*/; do
  name="$(basename "$directory")"
  # Test-only dependencies are not in the binaries.
  case "$name" in swift-property-based) continue ;; esac
  license="$(ls "$directory" | grep -iE '^(license|copying)' | head -1 || true)"
  notice="$(ls "$directory" | grep -iE '^notice' | head -1 || true)"
  echo
  if [ -n "$license" ] && grep -q "Apache License" "$directory/$license" && grep -q "Version 2.0" "$directory/$license"; then
    echo "Package: $name"
    echo "License: Apache-2.0 (/usr/share/common-licenses/Apache-2.0)"
    if [ -n "$notice" ]; then
      echo "Notice:"
      indent < "$directory/$notice"
    fi
  elif [ -n "$license" ]; then
    echo "Package: $name"
    echo "License:"
    indent < "$directory/$license"
  else
    echo "copyright.sh: $name has no license file" >&2
    exit 1
  fi
done
