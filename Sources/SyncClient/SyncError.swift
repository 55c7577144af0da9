/// A sync failure: a `Code` for programs, a message for technicians (never secrets).
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notEnrolled, credentials, enrollment, transport, rejected, batchRefused, blocked, protocolViolation, store, io, dataset
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No credentials in the state directory: run `turnero sync enroll`.
        public static let notEnrolled = Code(.notEnrolled)
        /// The credentials file is unreadable, or the centre refused the credential (401/403).
        public static let credentials = Code(.credentials)
        /// The centre refused the enrollment code.
        public static let enrollment = Code(.enrollment)
        /// No complete answer (network down, timeout, reset, truncated): retried with backoff.
        public static let transport = Code(.transport)
        /// The centre answered 429/503 or another error worth retrying later.
        public static let rejected = Code(.rejected)
        /// The centre refused the batch as malformed or too large (400/413): send fewer events.
        public static let batchRefused = Code(.batchRefused)
        /// Sync stopped for a person: `seq_conflict`, or events the centre lacks were deleted here.
        public static let blocked = Code(.blocked)
        /// The centre's answer does not follow the protocol.
        public static let protocolViolation = Code(.protocolViolation)
        /// The local database refused.
        public static let store = Code(.store)
        /// A local file could not be written.
        public static let io = Code(.io)
        /// A downloaded dataset failed verification.
        public static let dataset = Code(.dataset)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// For `rejected`: the centre's Retry-After, in seconds.
    public var retryAfter: Double?

    public init(_ code: Code, _ message: String, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// Whether trying again later may succeed without a person.
    public var isTransient: Bool { ![.blocked, .credentials, .notEnrolled, .enrollment].contains(code) }
}
