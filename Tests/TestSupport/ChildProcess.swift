public import Foundation

/// A child process (`turnero`, `turnero-central` and `central-load` built next to the test
/// bundle, or Chromium), its output collected in the background.
public final class ChildProcess: @unchecked Sendable {  // `output` and `errors` are guarded by `lock`
    public let process = Process()
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()
    /// Left by each output reader at end of file.
    private let drained = DispatchGroup()
    /// Signalled when the child exits.
    private let exited = DispatchSemaphore(value: 0)

    /// A binary of this package: the first directory above the running test bundle that holds it.
    public static func built(_ name: String) -> URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent(name)
    }

    public init(_ binary: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        // Every command a test runs names its database and state directory itself.
        for inherited in ["TURNERO_CENTRAL_DATABASE", "TURNERO_STATE_DIR", "TURNERO_CONFIG"] { environment[inherited] = nil }
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        read(out.fileHandleForReading) { [self] data in lock.withLock { output.append(data) } }
        read(err.fileHandleForReading) { [self] data in lock.withLock { errors.append(data) } }
    }

    /// Reads `handle` to its end on a thread of its own, handing over each chunk.
    private func read(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        drained.enter()
        Thread { [drained] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                append(data)
            }
            drained.leave()
        }.start()
    }

    public var stdout: String { lock.withLock { String(decoding: output, as: UTF8.self) } }
    public var stderr: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }

    /// Sends `signal` and waits for the exit.
    public func stop(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    /// Waits for exit (at most `timeout` seconds, then SIGKILL) and returns the status.
    @discardableResult
    public func wait(timeout: Double) -> Int32 {
        if exited.wait(timeout: .now() + timeout) == .timedOut { stop(SIGKILL) }
        process.waitUntilExit()
        // Everything the child wrote is read before its output is looked at (a grandchild
        // keeping a pipe open cannot hold the test for more than a few seconds).
        _ = drained.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    /// How a child that ran to completion ended.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// A child that exited with a status other than 0.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `body` on a thread of its own. Waiting for a child must never hold a thread of the
    /// cooperative pool: on two cores that pool has two threads, and the in-process servers of
    /// the suites running beside this one need them.
    public static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs to completion (SIGKILL after `timeout` seconds).
    public static func run(_ binary: URL, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> Outcome {
        let child = try ChildProcess(binary, arguments, environment: environment)
        let status = child.wait(timeout: timeout)
        return Outcome(status: status, stdout: child.stdout, stderr: child.stderr)
    }

    /// Runs to completion and returns standard output, throwing unless the exit status is 0.
    public static func output(_ binary: URL, _ arguments: [String], timeout: Double = 120) throws -> String {
        let outcome = try run(binary, arguments, timeout: timeout)
        guard outcome.status == 0 else {
            throw Failure(description: "\(binary.lastPathComponent) \(arguments.first ?? "") exited \(outcome.status): \(outcome.stderr.suffix(2_000))")
        }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
