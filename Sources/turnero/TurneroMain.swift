import ArgumentParser
import TurneroCLI

/// The `turnero` executable: the command tree lives in TurneroCLI.
@main
extension Turnero {}
