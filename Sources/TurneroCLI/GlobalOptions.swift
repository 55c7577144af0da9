import ArgumentParser
import Foundation
import Logging
import TurneroCore
import TurneroStore

/// Options every command accepts: where the state lives and which office configuration to use.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "Directory holding the database (default: $TURNERO_STATE_DIR, else $STATE_DIRECTORY, else /var/lib/turnero on an installed kiosk, else ~/.local/state/turnero).",
            valueName: "dir"))
    var stateDirectory: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "Office configuration JSON (default: $TURNERO_CONFIG, else <state-dir>/office.json).", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// Names of the options every command accepts.
    static let names: Set<String> = ["--state-dir", "--config", "--log-level"]

    /// Moves global options written before the subcommand to the end, where the subcommand's
    /// parser finds them: `--state-dir D turn issue` → `turn issue --state-dir D`.
    static func movingLeadingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            guard names.contains(name) else { break }
            if argument.contains("=") {
                leading.append(argument)
                index += 1
            } else {
                leading.append(contentsOf: arguments[index..<min(index + 2, arguments.count)])
                index += 2
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        return Array(arguments[index...]) + leading
    }

    /// Where an installed kiosk keeps its state: the services' `StateDirectory=turnero`.
    static let systemStateDirectory = "/var/lib/turnero"

    /// The resolved state directory: on a kiosk installed from the package, the services' own,
    /// so `sudo -u turnero turnero turn list` reads the kiosk's database.
    var stateDirectoryPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let stateDirectory, !stateDirectory.isEmpty { return stateDirectory }
        if let value = environment["TURNERO_STATE_DIR"], !value.isEmpty { return value }
        if let value = environment["STATE_DIRECTORY"], !value.isEmpty {
            return String(value.split(separator: ":").first ?? Substring(value))
        }
        if FileManager.default.fileExists(atPath: Self.systemStateDirectory) { return Self.systemStateDirectory }
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        return (base as NSString).appendingPathComponent("turnero")
    }

    var databasePath: String { (stateDirectoryPath as NSString).appendingPathComponent("turnero.sqlite") }
    var installedConfigPath: String { (stateDirectoryPath as NSString).appendingPathComponent("office.json") }

    /// The configuration file to read: `--config`, `$TURNERO_CONFIG`, or the one `init` installed.
    var configPath: String {
        if let configFile, !configFile.isEmpty { return configFile }
        if let value = ProcessInfo.processInfo.environment["TURNERO_CONFIG"], !value.isEmpty { return value }
        return installedConfigPath
    }

    /// Loads and validates the office configuration.
    func loadConfiguration() throws -> OfficeConfiguration {
        try Self.loadConfiguration(at: configPath)
    }

    static func loadConfiguration(at path: String) throws -> OfficeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(
                status: ExitStatus.configuration, message: "no office configuration at \(path)",
                hint: "pass --config FILE, or run `turnero init --config FILE` once")
        }
        do {
            return try OfficeConfiguration.load(json: data)
        } catch {
            throw CLIFailure(error, file: path)
        }
    }

    /// Opens the database and the queue store with the configuration.
    func openStore() throws -> QueueStore {
        bootstrapLogging()
        try checkStateDirectoryOwner()
        let configuration = try loadConfiguration()
        return QueueStore(database: try openDatabase(), configuration: configuration)
    }

    /// Opens the database, once this user is known to own the state directory.
    func openDatabase() throws -> TurneroDatabase {
        try checkStateDirectoryOwner()
        return try TurneroDatabase.open(at: databasePath, options: databaseOptions)
    }

    /// Refuses to work in a state directory another user owns. On an installed kiosk the
    /// services run as `turnero`: a database, credential or ticket file that root created there
    /// would stop the kiosk at its next start, so root is sent to the right user instead.
    func checkStateDirectoryOwner() throws {
        let path = stateDirectoryPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value, owner != geteuid()
        else { return }
        let name = attributes[.ownerAccountName] as? String ?? "#\(owner)"
        throw CLIFailure(
            status: ExitStatus.permission, message: "the state directory \(path) belongs to user \(name)",
            hint: "run the command as that user: sudo -u \(name) turnero …")
    }

    /// Database options; `$TURNERO_BUSY_TIMEOUT_MS` tunes how long to wait for another process.
    var databaseOptions: TurneroDatabase.Options {
        let milliseconds = ProcessInfo.processInfo.environment["TURNERO_BUSY_TIMEOUT_MS"].flatMap(Int.init)
        return TurneroDatabase.Options(busyTimeout: milliseconds.map { Double(max(0, $0)) / 1000 } ?? 5)
    }

    /// Sets up swift-log once: stderr, level from `--log-level` or `$TURNERO_LOG_LEVEL`.
    func bootstrapLogging(defaultLevel: Logger.Level = .warning) {
        let level = (logLevel ?? ProcessInfo.processInfo.environment["TURNERO_LOG_LEVEL"])
            .flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingBootstrap.once(level: level)
    }
}

/// swift-log may be bootstrapped only once per process.
enum LoggingBootstrap {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var done = false  // guarded by `lock`

    static func once(level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
