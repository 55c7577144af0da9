import Foundation
import TestSupport

/// Runs programs under `umockdev-run` (Debian package `umockdev`), with a mocked USB printer
/// described by the files in `Fixtures/`.
///
/// The preload library only lives in the child, so the test process itself never runs under
/// it. CI (`CI` set, as kiosk-scripts/test.sh does) or `TURNERO_REQUIRE_UMOCKDEV=1` makes a
/// missing umockdev a failure instead of a skip.
enum UMockdev {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["CI"] != nil || environment["TURNERO_REQUIRE_UMOCKDEV"] == "1"
    /// `umockdev-run` on the PATH (or in /usr/bin).
    static let executable: String? = {
        let path = (environment["PATH"] ?? "") + ":/usr/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/umockdev-run" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let shouldRun = executable != nil || required

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The test-only `usb-probe`, built next to `turnero`.
    static let probe = TurneroProcess.binary.deletingLastPathComponent().appendingPathComponent("usb-probe")
    static let devices = TurneroProcess.repositoryRoot.appendingPathComponent("devices")

    /// The device node of the Epson in the fixtures.
    static let epsonNode = "/dev/bus/usb/001/002"
    /// The device node of the 58 mm clone in `other-printers.umockdev`.
    static let cloneNode = "/dev/bus/usb/001/004"

    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }

        /// Every line of stdout parsed as a JSON object.
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "umockdev-run is not installed: apt install umockdev (kiosk-scripts/setup.sh --test does)" }
    }

    /// Runs `command` with the devices of `device` (a `.umockdev` file in Fixtures or a full path)
    /// and the URB scripts `ioctl` (device node → script), killed after `seconds`.
    static func run(
        device: String, ioctl: [String: URL] = [:], _ command: [String], seconds: Int = 90, state: URL? = nil
    ) throws -> Result {
        guard let executable else { throw Missing() }
        let description = device.hasPrefix("/") ? device : fixtures.appendingPathComponent(device).path
        var arguments = ["-k", "5", String(seconds), executable, "-d", description]
        for (node, script) in ioctl.sorted(by: { $0.key < $1.key }) { arguments += ["-i", "\(node)=\(script.path)"] }
        arguments.append("--")
        arguments += command
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // A crash under the preload library can hang Swift's backtracer: fail fast instead.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["TURNERO_DEVICES"] = devices.path
        environment["TURNERO_CONFIG"] = nil
        environment["TURNERO_STATE_DIR"] = (state ?? FileManager.default.temporaryDirectory.appendingPathComponent("turnero-usb-\(UUID().uuidString)")).path
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let finished = TurneroProcess.finish(process, out: out, err: err)
        return Result(status: finished.status, stdout: finished.stdout, stderr: finished.stderr)
    }

    /// `turnero ARGS` under umockdev.
    static func turnero(device: String, ioctl: [String: URL] = [:], _ arguments: [String], state: URL? = nil) throws -> Result {
        try run(device: device, ioctl: ioctl, [TurneroProcess.binary.path] + arguments, state: state)
    }

    /// `usb-probe ARGS` under umockdev.
    static func probe(device: String, ioctl: [String: URL] = [:], _ arguments: [String]) throws -> Result {
        try run(device: device, ioctl: ioctl, [probe.path] + arguments)
    }

    /// A fixture file.
    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    /// A URB script made of `lines` (fixture scripts can be prepended), written to a temporary file.
    static func script(_ lines: [String], including fixtureNames: [String] = []) throws -> URL {
        var text = ""
        for name in fixtureNames { text += try String(contentsOf: fixture(name), encoding: .utf8) }
        text += lines.joined(separator: "\n") + "\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-urbs-\(UUID().uuidString).ioctl")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Bulk OUT URB lines for `bytes` written in chunks of `chunk` on `endpoint`; `status` is
    /// the completion status of the first URB (-19: the device vanished).
    static func bulkOut(_ bytes: [UInt8], chunk: Int = 16_384, endpoint: Int = 1, firstStatus: Int = 0) -> [String] {
        stride(from: 0, to: bytes.count, by: chunk).enumerated().map { index, start in
            let part = bytes[start..<min(bytes.count, start + chunk)]
            let status = index == 0 ? firstStatus : 0
            let actual = status == 0 ? part.count : 0
            return "USBDEVFS_REAPURBNDELAY 0 3 \(endpoint) \(status) 0 \(part.count) \(actual) 0 \(hex(part))"
        }
    }

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
