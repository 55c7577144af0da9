/// A symbol that could not be encoded, with the library's own explanation.
public struct SymbologyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case tooLong, invalidData, invalidCheckDigit, invalidOption, encodingFailed, outOfMemory
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The data does not fit the symbology (or any QR version).
        public static let tooLong = Code(.tooLong)
        /// Characters or GS1 element strings the symbology cannot carry.
        public static let invalidData = Code(.invalidData)
        /// A GS1 check digit is wrong, e.g. in a (415) GLN.
        public static let invalidCheckDigit = Code(.invalidCheckDigit)
        /// An option the symbology does not take.
        public static let invalidOption = Code(.invalidOption)
        /// The library failed internally.
        public static let encodingFailed = Code(.encodingFailed)
        /// The library could not allocate.
        public static let outOfMemory = Code(.outOfMemory)

        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// Which symbology was being encoded ("GS1-128", "QR").
    public var symbology: String
    /// The library's message or our own, for technicians.
    public var message: String

    /// A symbology error.
    public init(_ code: Code, symbology: String, message: String) {
        self.code = code
        self.symbology = symbology
        self.message = message
    }

    public var description: String { "\(symbology): \(message) [\(code)]" }
}
