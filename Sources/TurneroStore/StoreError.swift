import TurneroCore

/// A failure of a store operation: a `Code` for programs, a message for people.
///
/// Queue-rule refusals (`emptyQueue`, `transition`…) are expected in daily use; storage codes
/// (`notInitialized`, `corrupt`, `busy`, `io`) mean the database needs attention.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notInitialized, corrupt, busy, io, unknownService, unknownCounter, emptyQueue
            case noCurrentTurn, counterBusy, turnNotFound, transition, notRateable, alreadyRated
            case callbackNotFound, invalidArgument, printUnconfirmed
            case signInRequired, wrongPIN, counterLocked, unknownAgent, requestRefused, escalationNotFound
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No database at the path: run `turnero init`.
        public static let notInitialized = Code(.notInitialized)
        /// The file is not a Turnero database or fails SQLite's checks.
        public static let corrupt = Code(.corrupt)
        /// Another process held the database lock longer than the busy timeout.
        public static let busy = Code(.busy)
        /// The disk refused: full, read-only, missing directory, I/O error.
        public static let io = Code(.io)
        public static let unknownService = Code(.unknownService)
        public static let unknownCounter = Code(.unknownCounter)
        /// No turn waits for the counter's services.
        public static let emptyQueue = Code(.emptyQueue)
        /// The counter has no called or served turn to act on.
        public static let noCurrentTurn = Code(.noCurrentTurn)
        /// The counter already has a turn called or in service.
        public static let counterBusy = Code(.counterBusy)
        public static let turnNotFound = Code(.turnNotFound)
        /// The turn's state does not allow the command (see `TransitionError`).
        public static let transition = Code(.transition)
        /// Only served turns can be rated.
        public static let notRateable = Code(.notRateable)
        public static let alreadyRated = Code(.alreadyRated)
        public static let callbackNotFound = Code(.callbackNotFound)
        public static let invalidArgument = Code(.invalidArgument)
        /// A reprint asked for while the printer never confirmed the last ticket: look first.
        public static let printUnconfirmed = Code(.printUnconfirmed)
        /// The office requires an agent signed in at the counter (`staff.signInRequired`).
        public static let signInRequired = Code(.signInRequired)
        /// The agent or PIN does not match (which one is not said).
        public static let wrongPIN = Code(.wrongPIN)
        /// Too many wrong PINs at this counter: sign-ins are refused for a while.
        public static let counterLocked = Code(.counterLocked)
        /// No agent with that id (for staff management; sign-in says `wrongPIN`).
        public static let unknownAgent = Code(.unknownAgent)
        /// What staff recorded at a finish breaks the office's typing rules.
        public static let requestRefused = Code(.requestRefused)
        public static let escalationNotFound = Code(.escalationNotFound)

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// What happened, for staff and technicians (Spanish-free, precise).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Whether the problem is the database itself rather than a refused action.
    public var isStorageFailure: Bool {
        [.notInitialized, .corrupt, .busy, .io].contains(code)
    }
}

extension StoreError {
    init(_ transition: TransitionError) {
        self.init(.transition, transition.description)
    }
}
