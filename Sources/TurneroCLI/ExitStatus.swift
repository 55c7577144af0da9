import ArgumentParser
import TurneroCore
import TurneroStore

/// The exit statuses of `turnero`, documented in README.md (sysexits-style where one fits).
enum ExitStatus {
    /// The queue rules refused the action (empty queue, wrong state, already rated…).
    static let refused: Int32 = 1
    /// Bad command-line input: unknown service or counter, rating not 1–10 (EX_USAGE).
    static let usage: Int32 = 64
    /// The database is damaged or not a Turnero database (EX_DATAERR).
    static let corrupt: Int32 = 65
    /// No database yet: run `turnero init` (EX_NOINPUT).
    static let notInitialized: Int32 = 66
    /// A device is unavailable, e.g. the printer (EX_UNAVAILABLE).
    static let unavailable: Int32 = 69
    /// The disk refused to read or write (EX_IOERR).
    static let io: Int32 = 74
    /// The database stayed locked by another process (EX_TEMPFAIL): try again.
    static let busy: Int32 = 75
    /// The state directory belongs to another user: run as that user (EX_NOPERM).
    static let permission: Int32 = 77
    /// The office configuration is missing or invalid (EX_CONFIG).
    static let configuration: Int32 = 78
}

/// A failure worth a one-line message and a specific exit status.
struct CLIFailure: Error {
    var status: Int32
    var message: String
    var hint: String?
}

extension CLIFailure {
    /// Maps the store's error codes to exit statuses.
    init(_ error: StoreError) {
        let status: Int32
        var hint: String?
        switch error.code {
        case .notInitialized: status = ExitStatus.notInitialized
        case .corrupt:
            status = ExitStatus.corrupt
            hint = "check the state directory; `turnero db check` tells more"
        case .busy: status = ExitStatus.busy
        case .io: status = ExitStatus.io
        case .unknownService, .unknownCounter, .invalidArgument, .unknownAgent, .escalationNotFound: status = ExitStatus.usage
        default: status = ExitStatus.refused
        }
        self.init(status: status, message: error.message, hint: hint)
    }

    init(_ error: ConfigurationError, file: String) {
        self.init(
            status: ExitStatus.configuration, message: "invalid office configuration \(file): \(error.field): \(error.reason)")
    }
}

/// Runs a command body, turning known failures into a message on stderr and an exit status.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        printError(failure.message, hint: failure.hint)
        throw ExitCode(failure.status)
    } catch let error as StoreError {
        let failure = CLIFailure(error)
        printError(failure.message, hint: failure.hint)
        throw ExitCode(failure.status)
    }
}

func printError(_ message: String, hint: String? = nil) {
    var standardError = StandardError()
    print("turnero: error: \(message)", to: &standardError)
    if let hint { print("turnero: hint: \(hint)", to: &standardError) }
}
