/// A status reply that is not a `DLE EOT` answer.
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case missingFixedBits, missingReply }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Bits 0, 1, 4, 7 are not 0, 1, 1, 0: a stale byte, ASB data, or not an ESC/POS printer.
        public static let missingFixedBits = Code(.missingFixedBits)
        /// Fewer reply bytes than queries.
        public static let missingReply = Code(.missingReply)

        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// The query the byte answered, if known.
    public var query: StatusQuery?
    /// The byte received, if any.
    public var byte: UInt8?
    /// What was wrong, for technicians.
    public var message: String

    /// A status error.
    public init(_ code: Code, query: StatusQuery?, byte: UInt8?, message: String) {
        self.code = code
        self.query = query
        self.byte = byte
        self.message = message
    }

    public var description: String { message }
}

extension PrinterStatus {
    /// Bits 0, 1, 4 and 7 of every reply are fixed at 0, 1, 1, 0 (`0xx1xx10`).
    static let fixedMask: UInt8 = 0x93
    static let fixedBits: UInt8 = 0x12

    /// Parses the four replies to `StatusQuery.allCommands`, in order.
    ///
    /// - Throws: `StatusError` if a byte is missing or lacks the fixed bits.
    public init(replies: [UInt8]) throws(StatusError) {
        self = .normal
        for (index, query) in StatusQuery.allCases.enumerated() {
            guard index < replies.count else {
                throw StatusError(
                    .missingReply, query: query, byte: nil,
                    message: "expected \(StatusQuery.allCases.count) status bytes, got \(replies.count)")
            }
            try apply(replies[index], for: query)
        }
    }

    /// Updates the fields `query` reports from its reply byte.
    ///
    /// - Throws: `StatusError` `.missingFixedBits` without changing anything.
    public mutating func apply(_ byte: UInt8, for query: StatusQuery) throws(StatusError) {
        guard byte & Self.fixedMask == Self.fixedBits else {
            throw StatusError(
                .missingFixedBits, query: query, byte: byte,
                message: "0x\(String(byte, radix: 16)) is not a DLE EOT \(query.rawValue) reply (bits 0,1,4,7 must be 0,1,1,0)")
        }
        func bit(_ n: UInt8) -> Bool { byte & (1 << n) != 0 }
        switch query {
        case .printer:
            drawerSignal = bit(2)
            online = !bit(3)
            feedButtonPressed = bit(6)
        case .offlineCause:
            coverOpen = bit(2)
            if bit(5) { paperOut = true }
        case .errorCause:
            cutterError = bit(3)
            unrecoverableError = bit(5)
            autoRecoverableError = bit(6)
        case .paper:
            paperNearEnd = bit(2) || bit(3)
            paperOut = bit(5) || bit(6)
        }
    }

    /// The byte a printer in this state answers to `query`.
    public func reply(to query: StatusQuery) -> UInt8 {
        var byte = Self.fixedBits
        func set(_ n: UInt8, _ on: Bool) { if on { byte |= 1 << n } }
        switch query {
        case .printer:
            set(2, drawerSignal)
            set(3, !online)
            set(6, feedButtonPressed)
        case .offlineCause:
            set(2, coverOpen)
            set(5, paperOut)
            set(6, hasError)
        case .errorCause:
            set(3, cutterError)
            set(5, unrecoverableError)
            set(6, autoRecoverableError)
        case .paper:
            set(2, paperNearEnd || paperOut)
            set(3, paperNearEnd || paperOut)
            set(5, paperOut)
            set(6, paperOut)
        }
        return byte
    }
}
