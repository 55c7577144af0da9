/// A document element that cannot be printed on the profile, with the reason.
public struct ESCPOSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case barcodeTooWide, invalidBarcodeData, qrTooLarge, imageTooWide
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Wider than the paper at the narrowest allowed module, and rotation was refused.
        public static let barcodeTooWide = Code(.barcodeTooWide)
        /// Characters the symbology cannot carry, a bad GS1 element string or check digit.
        public static let invalidBarcodeData = Code(.invalidBarcodeData)
        /// A QR payload too long for any version, or wider than the paper at 1 dot per module.
        public static let qrTooLarge = Code(.qrTooLarge)
        /// An image wider than the printable line.
        public static let imageTooWide = Code(.imageTooWide)

        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, for technicians: sizes in modules and dots, the profile.
    public var message: String

    /// An error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
