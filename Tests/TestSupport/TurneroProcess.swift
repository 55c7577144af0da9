public import Foundation

/// Runs the real `turnero` binary built next to the test bundle.
public struct TurneroProcess: Sendable {
    /// Starts a full-screen `turnero` command on a pseudo-terminal of this state directory.
    public func startOnTerminal(_ arguments: [String], columns: Int = 80, rows: Int = 24) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(columns: columns, rows: rows)
        try terminal.start(Self.binary, arguments, environment: environment)
        return terminal
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The binary: `$TURNERO_BIN`, else `turnero` in the directory of the running test bundle.
    public static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["TURNERO_BIN"] { return URL(fileURLWithPath: path) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the runner is `<build>/debug/TurneroPackageTests.xctest`; on macOS a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("turnero").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("turnero")
    }()

    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let exampleConfig = repositoryRoot.appendingPathComponent("kiosk-scripts/config/office.example.json").path

    public let stateDirectory: URL

    public init() throws {
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
    }

    public var databasePath: String { stateDirectory.appendingPathComponent("turnero.sqlite").path }

    /// The environment every child gets: this state directory, the repository's devices.
    public var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TURNERO_STATE_DIR"] = stateDirectory.path
        environment["TURNERO_CONFIG"] = nil
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["TURNERO_DEVICES"] = Self.repositoryRoot.appendingPathComponent("devices").path
        return environment
    }

    /// Starts `turnero` with `arguments`; the caller waits or kills.
    public func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = self.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `turnero` to completion.
    @discardableResult
    public func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
        return Self.finish(process, out: out, err: err)
    }

    /// Waits for a started process, reading both pipes before waiting so a full pipe never
    /// blocks the child.
    public static func finish(_ process: Process, out: Pipe, err: Pipe) -> Result {
        let errData = ThreadBox<Data>()
        let errRead = DispatchSemaphore(value: 0)
        Thread {
            errData.value = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errRead.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value ?? Data(), as: UTF8.self))
    }

    public func initialize() throws {
        let result = try run(["init", "--config", Self.exampleConfig, "--kiosk-id", "kiosk-test"])
        precondition(result.status == 0, "init failed: \(result.stderr)")
    }

    public func remove() { try? FileManager.default.removeItem(at: stateDirectory) }
}

/// A value set by one thread and read by another.
public final class ThreadBox<T>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: T?
    public init() {}
    public var value: T? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
