public import Foundation

// UUID text without the C library: Foundation on Linux formats a UUID with `snprintf` and
// parses one with `sscanf`, which weigh on the queue's hot transitions (every event carries
// one or two ids). Same text, byte for byte (checked against Foundation in the tests).
extension UUID {
    /// The canonical text in upper case, as `uuidString` writes it.
    public var upperText: String { text(digits: Self.upperDigits) }

    /// The canonical text in lower case, as `uuidString.lowercased()` writes it.
    public var lowerText: String { text(digits: Self.lowerDigits) }

    /// Parses the canonical 36-character form (8-4-4-4-12 hex digits, either case) from UTF-8
    /// bytes; nil for anything else.
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { output -> Bool in
            var position = 0
            for index in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = Self.nibble(text[position]), let low = Self.nibble(text[position + 1]) else { return false }
                output[index] = high << 4 | low
                position += 2
            }
            return true
        }
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }

    private static let upperDigits = Array("0123456789ABCDEF".utf8)
    private static let lowerDigits = Array("0123456789abcdef".utf8)

    private func text(digits: [UInt8]) -> String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = digits[Int(bytes[index] >> 4)]
                    output[position + 1] = digits[Int(bytes[index] & 0x0F)]
                    position += 2
                }
                return 36
            }
        }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
