import Foundation
import Glibc
import TestSupport
import Testing

/// The service units pass systemd's own checks, and the front talks to systemd as `Type=notify`
/// units expect (READY=1, then WATCHDOG=1 at half the watchdog interval).
@Suite("systemd integration")
struct SystemdTests {
    static let analyze = "/usr/bin/systemd-analyze"

    /// Stages the kiosk package's file tree with the packaging script, around the test binary.
    static func stagedUnits() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-root-\(UUID().uuidString)")
        let script = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/build-debs.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "--stage", root.path, "--bin-dir", TurneroProcess.binary.deletingLastPathComponent().path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return root
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: analyze)))
    func unitsPassSystemdAnalyzeVerifyAndAreHardened() throws {
        let root = try Self.stagedUnits()
        defer { try? FileManager.default.removeItem(at: root) }
        for file in ["usr/bin/turnero", "usr/share/turnero/devices/epson-tm-t20iii.json", "etc/turnero/turnero.env",
                     "usr/lib/systemd/journald.conf.d/turnero.conf", "lib/udev/rules.d/70-turnero-printers.rules",
                     "usr/share/doc/turnero/examples/office.example.json"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file) not staged")
        }
        let units = root.appendingPathComponent("lib/systemd/system")
        let check = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: check, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: check) }
        // The centre's unit is in the other package; it is checked the same way.
        let central = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/systemd/turnero-central.service")
        let sources = try FileManager.default.contentsOfDirectory(atPath: units.path).filter { $0.hasSuffix(".service") }
            .map { units.appendingPathComponent($0) } + [central]
        var instances: [String] = []
        for source in sources {
            var text = try String(contentsOf: source, encoding: .utf8)
            text = text.replacingOccurrences(of: "/usr/bin/turnero-central", with: TurneroProcess.binary.deletingLastPathComponent().appendingPathComponent("turnero-central").path)
                .replacingOccurrences(of: "/usr/bin/turnero ", with: root.appendingPathComponent("usr/bin/turnero").path + " ")
                .replacingOccurrences(of: "/usr/bin/cage", with: "/bin/true").replacingOccurrences(of: "/usr/bin/foot", with: "/bin/true")
            let instance = source.lastPathComponent.replacingOccurrences(of: "@.service", with: "@tty5.service")
            try text.write(to: check.appendingPathComponent(instance), atomically: true, encoding: .utf8)
            instances.append(check.appendingPathComponent(instance).path)
        }
        #expect(instances.count == 5)
        let verify = try Self.run(Self.analyze, ["verify", "--man=no"] + instances)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(!verify.output.contains("Unknown"), "\(verify.output)")
        for unit in ["turnero-kiosk@tty5.service", "turnero-central.service"] {
            let security = try Self.run(Self.analyze, ["security", "--offline=true", check.appendingPathComponent(unit).path])
            let level = security.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            let score = level.flatMap { $0.split(separator: ":").last?.split(separator: " ").first }.flatMap { Double($0) }
            #expect((score ?? 10) <= 3.0, "\(unit): exposure \(String(describing: level))")
        }
    }

    @Test func frontSendsReadyAndWatchdogToNotifySocket() throws {
        let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        defer {
            close(fd)
            unlink(socketPath)
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let terminal = try PseudoTerminal()
        var environment = cli.environment
        environment["NOTIFY_SOCKET"] = socketPath
        environment["WATCHDOG_USEC"] = "400000"
        try terminal.start(TurneroProcess.binary, ["kiosk"], environment: environment)
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(6)
        while Date() < deadline && messages.filter({ $0 == "WATCHDOG=1" }).count < 3 {
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        #expect(messages.first == "READY=1", "\(messages)")
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 3, "\(messages)")
        #expect(terminal.screen.contains("Tomar un turno"), "READY must follow the first drawn screen")
        terminal.process.terminate()
        _ = terminal.waitForExit()
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
