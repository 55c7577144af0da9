# Sourced: the link flags of a shipped build (the Debian packages, and the benchmarks that
# measure what ships), in the array `release_link_flags`.
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib), so the target
# needs no Swift and a process keeps resident only the pages of them it touches (the kiosk's
# memory goal in docs/performance.md is measured on this build). Swift 6.3's SwiftPM compiles
# the objects as for dynamic linking, so their autolink entries lack the static Foundation's
# own libraries: they are named here (without them the link fails on swift_u* and CFBundle*
# symbols). The flags change only link commands, so after a build with the same configuration
# this is a relink, not a rebuild. relro + now: the hardening lintian and Debian expect of every
# binary.
release_link_flags=(--static-swift-stdlib)
for library in CoreFoundation _FoundationICU _FoundationCShims _FoundationCollections; do
  release_link_flags+=(-Xlinker "-l$library")
done
release_link_flags+=(-Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now)
