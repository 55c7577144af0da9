public import PrinterTransport
public import TurneroCore

/// One print job from its bytes to an outcome, as a pure state machine: the print service
/// performs the actions it returns (write, ask for the status) and feeds back what happened.
///
/// The outcome is `printed` only when the printer confirmed it (or the model cannot report
/// status at all), `failed` only when it certainly did not print whole (nothing reached the
/// printer, or it answered that it stopped: paper out, cover open), and `unconfirmed` when the
/// bytes went out but no answer came: the ticket may be in the customer's hand, so nothing is
/// reprinted until a person has looked.
public struct PrintJobAttempt: Sendable, Hashable {
    /// Where the job stands.
    public enum State: Sendable, Hashable {
        case ready
        case writing(attempt: Int)
        case confirming(attempt: Int)
        case finished(Outcome)
    }

    /// What the caller does next.
    public enum Action: Sendable, Hashable {
        /// Send the job's bytes, preceded by `ESC @` when `reset`.
        case write(attempt: Int, reset: Bool)
        /// Ask the printer for its status on the same connection.
        case askStatus
        /// Record the outcome; the job is over.
        case finish(Outcome)
    }

    /// How the job ended.
    public enum Outcome: Sendable, Hashable {
        case printed
        /// Certainly not printed whole; `reason` is what the customer is told (nil: retry).
        case failed(reason: OutOfServiceReason?, detail: String)
        /// Sent, never confirmed: it may have printed.
        case unconfirmed(detail: String)
    }

    public private(set) var state = State.ready
    /// Whether any byte of any attempt may have reached the printer.
    public private(set) var bytesMayHaveArrived = false
    /// Whether the profile says the model answers `DLE EOT`.
    public let statusSupported: Bool
    public let maximumAttempts: Int

    public init(statusSupported: Bool, maximumAttempts: Int = 2) {
        self.statusSupported = statusSupported
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// Starts the job; `needsReset` after an earlier job broke off.
    public mutating func start(needsReset: Bool) -> Action {
        state = .writing(attempt: 1)
        return .write(attempt: 1, reset: needsReset)
    }

    /// All bytes were handed to the transport.
    public mutating func written() -> Action {
        guard case .writing(let attempt) = state else { return current }
        bytesMayHaveArrived = true
        guard statusSupported else { return finish(.printed) }
        state = .confirming(attempt: attempt)
        return .askStatus
    }

    /// The write failed after `bytesSent` bytes.
    public mutating func writeFailed(_ error: TransportError) -> Action {
        guard case .writing(let attempt) = state else { return current }
        if error.bytesSent > 0 { bytesMayHaveArrived = true }
        // Only a write that broke off mid-way is retried (on a fresh connection, after ESC @):
        // the cut never reached the paper, so the retry cannot make a second ticket.
        if attempt < maximumAttempts, error.code == .timeout || error.code == .disconnected {
            state = .writing(attempt: attempt + 1)
            return .write(attempt: attempt + 1, reset: true)
        }
        if bytesMayHaveArrived {
            return finish(.unconfirmed(detail: "\(error.description); the printer may still print what it received"))
        }
        return finish(.failed(reason: .printerOffline, detail: error.description))
    }

    /// The status after the job: `nil` when the printer did not answer.
    public mutating func status(_ condition: PrinterCondition?, detail: String = "") -> Action {
        guard case .confirming = state else { return current }
        guard let condition else {
            return finish(.unconfirmed(detail: "no status after the job (\(detail)); the ticket may have printed"))
        }
        if let reason = condition.problem {
            return finish(.failed(reason: reason, detail: "printer reported \(condition) after the job"))
        }
        return finish(.printed)
    }

    private mutating func finish(_ outcome: Outcome) -> Action {
        state = .finished(outcome)
        return .finish(outcome)
    }

    private var current: Action {
        switch state {
        case .ready, .writing: .write(attempt: 1, reset: false)
        case .confirming: .askStatus
        case .finished(let outcome): .finish(outcome)
        }
    }
}
