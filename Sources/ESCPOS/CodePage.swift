/// A single-byte character table a printer selects with `ESC t n`.
///
/// The `ESC t` number differs between vendors, so it lives in the printer profile, not here.
public enum CodePage: String, Codable, Sendable, Hashable, CaseIterable {
    case cp437 = "CP437"
    case cp850 = "CP850"
    case cp858 = "CP858"
    case wpc1252 = "WPC1252"

    /// The character a byte prints as, or nil when the code page leaves it undefined.
    /// Bytes below 0x20 are control codes and never reach this table as text.
    public func character(for byte: UInt8) -> Unicode.Scalar? {
        guard byte >= 0x80 else { return Unicode.Scalar(byte) }
        let value = upperHalf[Int(byte) - 0x80]
        return value == 0xFFFD ? nil : Unicode.Scalar(value)
    }

    /// The byte for a scalar, or nil when the code page lacks it.
    public func byte(for scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value >= 0x20, scalar.value < 0x7F { return UInt8(scalar.value) }
        guard scalar.value < 0x2600 else { return nil }  // every table entry is below U+2600
        let byte = reverseTable[Int(scalar.value)]
        return byte == 0 ? nil : byte
    }

    /// Text decoded as the printer would print it: undefined bytes become U+FFFD.
    public func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(character(for: byte) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    var upperHalf: [UInt16] {
        switch self {
        case .cp437: Self.cp437UpperHalf
        case .cp850: Self.cp850UpperHalf
        case .cp858: Self.cp858UpperHalf
        case .wpc1252: Self.wpc1252UpperHalf
        }
    }

    private var reverseTable: [UInt8] {
        switch self {
        case .cp437: Self.cp437Reverse
        case .cp850: Self.cp850Reverse
        case .cp858: Self.cp858Reverse
        case .wpc1252: Self.wpc1252Reverse
        }
    }

    // Built once per process; immutable afterwards. Indexed by scalar value, 0 = not in the page
    // (no character of the upper half maps to byte 0).
    private static let cp437Reverse = reverse(cp437UpperHalf)
    private static let cp850Reverse = reverse(cp850UpperHalf)
    private static let cp858Reverse = reverse(cp858UpperHalf)
    private static let wpc1252Reverse = reverse(wpc1252UpperHalf)

    private static func reverse(_ table: [UInt16]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 0x2600)
        for (offset, value) in table.enumerated() where value != 0xFFFD && Int(value) < result.count {
            // First byte wins where a page repeats a character.
            if result[Int(value)] == 0 { result[Int(value)] = UInt8(0x80 + offset) }
        }
        return result
    }
}
