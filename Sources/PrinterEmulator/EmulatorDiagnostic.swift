/// Something in a byte stream the virtual printer did not fully understand or could not do.
///
/// Reported in the job's transcript and in `RenderedJob.diagnostics`; the printer carries on
/// after every one of them.
public struct EmulatorDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unknownCommand, truncatedCommand, invalidParameter, unsupported, oversized, clipped, ignoredControl
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A prefix (ESC, GS, FS, DLE) followed by a byte no known command uses.
        public static let unknownCommand = Code(.unknownCommand)
        /// The stream ended inside a command.
        public static let truncatedCommand = Code(.truncatedCommand)
        /// A known command with a parameter outside its range.
        public static let invalidParameter = Code(.invalidParameter)
        /// A known command the emulator does not draw (page mode, NV images, PDF417).
        public static let unsupported = Code(.unsupported)
        /// A payload larger than the emulator's limits; its bytes were skipped.
        public static let oversized = Code(.oversized)
        /// Content wider or longer than the paper, cut off (a real printer would also lose it).
        public static let clipped = Code(.clipped)
        /// A control byte with no meaning in ESC/POS.
        public static let ignoredControl = Code(.ignoredControl)

        public var description: String { value.rawValue }
    }

    /// What kind of problem.
    public var code: Code
    /// Byte offset in the job's bytes (`RenderedJob.bytes`) where the command began.
    public var offset: Int
    /// Up to the first 8 bytes of the command.
    public var bytes: [UInt8]
    /// What happened, for technicians.
    public var message: String

    /// A diagnostic.
    public init(_ code: Code, offset: Int, bytes: some Collection<UInt8>, message: String) {
        self.code = code
        self.offset = offset
        self.bytes = Array(bytes.prefix(8))
        self.message = message
    }

    public var description: String {
        let hex = bytes.map { String($0, radix: 16, uppercase: true).leftPadded(2) }.joined(separator: " ")
        return "@\(offset) [\(code)] \(message)" + (hex.isEmpty ? "" : " (\(hex))")
    }
}

extension String {
    func leftPadded(_ width: Int, with character: Character = "0") -> String {
        count >= width ? self : String(repeating: character, count: width - count) + self
    }
}
