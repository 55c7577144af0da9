/// A failure of the virtual printer's own machinery (fonts, sockets, files), never of the
/// byte stream: bad input becomes an `EmulatorDiagnostic`.
public struct EmulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case fontUnavailable, socket, addressInUse, io, invalidConfiguration }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The DejaVu Sans Mono files could not be loaded (install `fonts-dejavu-core`).
        public static let fontUnavailable = Code(.fontUnavailable)
        /// A socket call failed.
        public static let socket = Code(.socket)
        /// Another process listens on the port.
        public static let addressInUse = Code(.addressInUse)
        /// The output folder could not be written.
        public static let io = Code(.io)
        /// A host that is not an IPv4 address, a port out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// The C function or operation that failed, when there is one.
    public var operation: String
    /// What happened, with errno text where there is one.
    public var message: String

    /// An emulator error.
    public init(_ code: Code, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    public var description: String { operation.isEmpty ? message : "\(operation): \(message)" }
}
