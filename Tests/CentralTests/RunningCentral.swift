import Foundation
import TestSupport

/// The real `turnero-central serve` on 127.0.0.1 (a port the kernel picks), and its operator
/// commands run against the same database.
final class RunningCentral: Sendable {
    static let binary = ChildProcess.built("turnero-central")

    let database: String
    let port: Int
    private let child: ChildProcess

    let scheme: String
    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    private init(database: String, port: Int, child: ChildProcess, scheme: String) {
        self.database = database
        self.port = port
        self.child = child
        self.scheme = scheme
    }

    /// Starts the server and waits for the port it announces on standard output.
    /// - Parameter fileLimit: runs it with this RLIMIT_NOFILE (through `sh -c 'ulimit -n N'`).
    static func start(database: String, extra: [String] = [], fileLimit: Int? = nil) async throws -> RunningCentral {
        try await ChildProcess.offPool { try launch(database: database, extra: extra, fileLimit: fileLimit) }
    }

    private static func launch(database: String, extra: [String], fileLimit: Int?) throws -> RunningCentral {
        let arguments = ["serve", "--database", database, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"] + extra
        let child = try fileLimit.map { limit in
            try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "ulimit -n \(limit) && exec \"$0\" \"$@\"", binary.path] + arguments)
        } ?? ChildProcess(binary, arguments)
        var port: Int?
        Waiting.blockingUntil(timeout: .seconds(60)) {
            port = child.stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") })
                .flatMap { Int($0.dropFirst("listening on ".count)) }
            return port != nil || !child.process.isRunning
        }
        if let port {
            return RunningCentral(
                database: database, port: port, child: child, scheme: extra.contains("--tls-certificate") ? "https" : "http")
        }
        child.stop(SIGKILL)
        throw TestFailure("turnero-central serve did not start: \(child.stderr.suffix(2_000))")
    }

    /// Runs `turnero-central SUBCOMMAND… --database DB` and returns its standard output.
    @discardableResult
    func command(_ arguments: [String]) async throws -> String {
        let (binary, arguments) = (Self.binary, arguments + ["--database", database])
        return try await ChildProcess.offPool { try ChildProcess.output(binary, arguments) }
    }

    /// What the server logged (JSON lines on standard error).
    var log: String { child.stderr }

    /// SIGTERM (graceful shutdown) and wait.
    func stop() { child.stop() }

    /// Sends a signal without waiting.
    func signal(_ signal: Int32) { kill(child.process.processIdentifier, signal) }

    var isRunning: Bool { child.process.isRunning }

    /// Waits (off the cooperative pool) for the process to exit; the seconds it took, or nil
    /// when it was still running after `timeout` (then it is killed).
    func waitForExit(timeout: Double) async -> Double? {
        let child = child
        return try? await ChildProcess.offPool { () -> Double? in
            let started = Date()
            Waiting.blockingUntil(timeout: .milliseconds(Int64(timeout * 1000))) { !child.process.isRunning }
            let elapsed = Date().timeIntervalSince(started)
            if child.process.isRunning {
                child.stop(SIGKILL)
                return nil
            }
            return elapsed
        }
    }

    var exitStatus: Int32 { child.process.terminationStatus }
}
