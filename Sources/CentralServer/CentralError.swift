/// A failure of the centre outside a request's normal answers: storage, configuration, input
/// to the operator commands.
public struct CentralError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case storage, invalidArgument, notFound }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The database refused or holds something impossible.
        public static let storage = Code(.storage)
        /// Bad operator input (dataset file, office id…).
        public static let invalidArgument = Code(.invalidArgument)
        public static let notFound = Code(.notFound)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
