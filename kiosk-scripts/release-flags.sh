# Sourced: the link flags of a shipped build (the Debian packages, and the benchmarks that
# measure what ships), in the array `release_link_flags`.
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib), so the target
# needs no Swift. Swift 6.3's SwiftPM compiles
# the objects as for dynamic linking, so their autolink entries lack the static Foundation's
# own libraries: they are named here (without them the link fails on swift_u* and CFBundle*
# symbols). After a debug `swift build --build-tests` they cost a relink of the programs (measured
# in docs/packaging.md); a release scratch path built without them was rebuilt in full when
# they were added (issue 15). relro + now: the hardening lintian and Debian expect of every
# binary.
release_link_flags=(--static-swift-stdlib)
for library in CoreFoundation _FoundationICU _FoundationCShims _FoundationCollections; do
  release_link_flags+=(-Xlinker "-l$library")
done
release_link_flags+=(-Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now)
