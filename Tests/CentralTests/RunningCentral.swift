import Foundation
import TestSupport

/// The real `turnero-central serve` on 127.0.0.1 (a port the kernel picks), and its operator
/// commands run against the same database.
final class RunningCentral: Sendable {
    static let binary = ChildProcess.built("turnero-central")

    let database: String
    let port: Int
    private let child: ChildProcess

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(database: String, port: Int, child: ChildProcess) {
        self.database = database
        self.port = port
        self.child = child
    }

    /// Starts the server and waits for the port it announces on standard output.
    static func start(database: String, extra: [String] = []) async throws -> RunningCentral {
        try await ChildProcess.offPool { try launch(database: database, extra: extra) }
    }

    private static func launch(database: String, extra: [String]) throws -> RunningCentral {
        let child = try ChildProcess(
            binary, ["serve", "--database", database, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"] + extra)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && child.process.isRunning {
            if let line = child.stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
                let port = Int(line.dropFirst("listening on ".count))
            {
                return RunningCentral(database: database, port: port, child: child)
            }
            usleep(20_000)
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
}
