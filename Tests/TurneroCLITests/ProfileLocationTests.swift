import Foundation
import TestSupport
import Testing

/// `turnero` finds its printer profiles without `TURNERO_DEVICES`: installed (the Debian
/// package's /usr/bin/turnero next to /usr/share/turnero/devices) and in a developer's checkout,
/// run from any directory.
@Suite("turnero finds its printer profiles")
struct ProfileLocationTests {
    /// A folder outside the checkout, removed afterwards.
    struct Prefix {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-prefix-\(UUID().uuidString)")

        /// Places the built binary at `relative` (a hard link: same file system, no copy of
        /// a large debug binary; a copy otherwise).
        func install(at relative: String) throws -> URL {
            let target = url.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if link(TurneroProcess.binary.path, target.path) != 0 {
                try FileManager.default.copyItem(at: TurneroProcess.binary, to: target)
            }
            return target
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Runs `binary` in `directory` with neither `TURNERO_DEVICES` nor a `devices/` around.
    func run(_ binary: URL, _ arguments: [String], in directory: URL) throws -> TurneroProcess.Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["TURNERO_DEVICES"] = nil
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return TurneroProcess.finish(process, out: out, err: err)
    }

    @Test func anInstalledBinaryReadsTheProfilesInstalledBesideIt() throws {
        let prefix = Prefix()
        defer { prefix.remove() }
        let binary = try prefix.install(at: "usr/bin/turnero")
        let devices = prefix.url.appendingPathComponent("usr/share/turnero/devices")
        try FileManager.default.createDirectory(at: devices, withIntermediateDirectories: true)
        for id in ["epson-tm-t20iii", "generic-58mm"] {
            try FileManager.default.copyItem(
                at: TurneroProcess.repositoryRoot.appendingPathComponent("devices/\(id).json"),
                to: devices.appendingPathComponent("\(id).json"))
        }
        let listed = try run(binary, ["printer", "profiles"], in: prefix.url)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Profiles in \(devices.path)"), "\(listed.stdout)")
        let rows = listed.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.contains { $0.contains("epson-tm-t20iii") }, "\(listed.stdout)")
    }

    @Test func aBinaryBuiltInACheckoutReadsTheCheckoutsProfilesFromAnyDirectory() throws {
        let elsewhere = Prefix()
        defer { elsewhere.remove() }
        try FileManager.default.createDirectory(at: elsewhere.url, withIntermediateDirectories: true)
        let listed = try run(TurneroProcess.binary, ["printer", "profiles"], in: elsewhere.url)
        #expect(listed.status == 0, "\(listed.stderr)")
        let devices = TurneroProcess.repositoryRoot.appendingPathComponent("devices").resolvingSymlinksInPath().path
        #expect(listed.stdout.contains("Profiles in \(devices)"), "\(listed.stdout)")
    }

    @Test func withNoProfilesAnywhereTheMessageSaysWhereItLooked() throws {
        let prefix = Prefix()
        defer { prefix.remove() }
        let binary = try prefix.install(at: "bin/turnero")
        let listed = try run(binary, ["printer", "profiles"], in: prefix.url)
        if FileManager.default.fileExists(atPath: "/usr/share/turnero/devices") {
            // This machine has the package installed: that is the last place looked at.
            #expect(listed.stdout.contains("Profiles in /usr/share/turnero/devices"), "\(listed.stdout)")
        } else {
            #expect(listed.status == 78, "\(listed.stdout)")
            let expected = [
                prefix.url.appendingPathComponent("share/turnero/devices").path,
                prefix.url.appendingPathComponent("devices").path, "/usr/share/turnero/devices",
            ]
            #expect(listed.stderr.contains("looked in \(expected.joined(separator: ", "))"), "\(listed.stderr)")
        }
    }
}
