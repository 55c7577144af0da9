/// A Colombian phone number a customer gave for a call-back, checked against the national
/// numbering plan in force since 2021: ten digits, mobiles `3xx xxx xxxx` and landlines
/// `60N xxx xxxx` (N the region, 1–8), optionally written with the country code 57 (`+57`).
///
/// It is personal data: `description` masks it; only ``digits`` and ``formatted`` show it, for
/// the agent who makes the call.
public struct ColombianPhone: Sendable, Hashable, CustomStringConvertible {
    /// The ten national digits.
    public let digits: String

    /// What kind of line the number is.
    public enum Kind: Sendable, Hashable { case mobile, landline }

    /// Parses what a person typed or an agent pasted; spaces, dashes, dots and parentheses are
    /// ignored, a leading `+57`/`57` is dropped. Nil when the number cannot be Colombian.
    public init?(parsing text: String) {
        guard text.count <= 24 else { return nil }
        var collected = ""
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                collected.append(character)
            } else if character == "+" && index == 0 {
                continue
            } else if !" -.()".contains(character) {
                return nil
            }
        }
        if collected.count == 12, collected.hasPrefix("57") { collected.removeFirst(2) }
        guard collected.count == 10 else { return nil }
        let bytes = Array(collected.utf8)
        let mobile = bytes[0] == UInt8(ascii: "3")
        let landline = bytes[0] == UInt8(ascii: "6") && bytes[1] == UInt8(ascii: "0")
            && (UInt8(ascii: "1")...UInt8(ascii: "8")).contains(bytes[2])
        guard mobile || landline else { return nil }
        digits = collected
    }

    /// Mobile or landline.
    public var kind: Kind { digits.hasPrefix("3") ? .mobile : .landline }

    /// `300 123 4567` / `601 234 5678`.
    public var formatted: String {
        let d = Array(digits)
        return "\(String(d[0..<3])) \(String(d[3..<6])) \(String(d[6..<10]))"
    }

    /// The international form to dial, `+573001234567`.
    public var international: String { "+57" + digits }

    /// `300 *** **67`: enough for a customer or a manager to recognise it, not to dial it.
    public var masked: String {
        let d = Array(digits)
        return "\(String(d[0..<3])) *** **\(String(d[8..<10]))"
    }

    public var description: String { masked }
}
