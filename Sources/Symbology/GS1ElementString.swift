/// A GS1 element string: application identifiers (AIs) with their data, in order.
///
/// Parsed from the bracketed human-readable form `(415)7709998000018(8020)0012345678`, or from
/// the FNC1-separated form a scanner or printer sees. Knows which AIs have a predefined length
/// (no FNC1 needed after them); it does not validate AI-specific formats: libzint does that.
public struct GS1ElementString: Sendable, Hashable, CustomStringConvertible {
    /// One AI and its data.
    public struct Element: Sendable, Hashable {
        /// 2 to 4 digits.
        public var ai: String
        /// The data after the AI.
        public var data: String

        /// An element.
        public init(ai: String, data: String) {
            self.ai = ai
            self.data = data
        }
    }

    /// A piece of the encoded form: FNC1 or ASCII data.
    public enum Part: Sendable, Hashable {
        case fnc1
        case data(String)
    }

    /// The elements in order.
    public var elements: [Element]

    /// An element string from elements.
    public init(elements: [Element]) {
        self.elements = elements
    }

    /// Parses `(AI)data(AI)data…`.
    ///
    /// - Throws: `SymbologyError` with `.invalidData` naming the position at fault.
    public init(bracketed text: String) throws(SymbologyError) {
        var elements: [Element] = []
        let characters = Array(text.unicodeScalars)
        var index = 0
        func fail(_ message: String) -> SymbologyError {
            SymbologyError(.invalidData, symbology: "GS1-128", message: message)
        }
        guard !characters.isEmpty else { throw fail("empty element string") }
        while index < characters.count {
            guard characters[index] == "(" else {
                throw fail("expected '(' at position \(index + 1) of '\(text)'")
            }
            guard let close = characters[index...].firstIndex(of: ")") else {
                throw fail("unclosed '(' at position \(index + 1)")
            }
            let ai = String(String.UnicodeScalarView(characters[(index + 1)..<close]))
            guard (2...4).contains(ai.count), ai.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw fail("AI '\(ai)' must be 2 to 4 digits")
            }
            var end = close + 1
            while end < characters.count, characters[end] != "(" { end += 1 }
            let data = String(String.UnicodeScalarView(characters[(close + 1)..<end]))
            guard !data.isEmpty else { throw fail("AI (\(ai)) has no data") }
            guard data.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E && $0 != ")" }) else {
                throw fail("AI (\(ai)) data must be printable ASCII without spaces")
            }
            elements.append(Element(ai: ai, data: data))
            index = end
        }
        self.elements = elements
        try validateCheckDigits()
    }

    /// Verifies the GS1 mod-10 check digit of the keys that carry one: SSCC (00), GTIN (01, 02)
    /// and GLN (410–417). libzint 2.11 does not check them, and a wrong GLN sends a payment
    /// to nobody.
    public func validateCheckDigits() throws(SymbologyError) {
        for element in elements {
            let needsCheck = ["00", "01", "02"].contains(element.ai) || ("410"..."417").contains(element.ai)
            guard needsCheck else { continue }
            let digits = element.data.compactMap { $0.wholeNumberValue }
            guard digits.count == element.data.count,
                let expected = GS1ApplicationIdentifiers.predefinedDataLength(ai: element.ai),
                digits.count == expected
            else {
                throw SymbologyError(
                    .invalidData, symbology: "GS1-128", message: "AI (\(element.ai)) must be digits of fixed length")
            }
            let check = GS1ApplicationIdentifiers.checkDigit(for: digits.dropLast())
            if check != digits.last {
                throw SymbologyError(
                    .invalidCheckDigit, symbology: "GS1-128",
                    message: "AI (\(element.ai)) check digit is \(digits.last ?? 0), expected \(check)")
            }
        }
    }

    /// The bracketed form, `(415)…(8020)…`.
    public var bracketed: String {
        elements.map { "(\($0.ai))\($0.data)" }.joined()
    }

    public var description: String { bracketed }

    /// FNC1 in first position, then each element, with FNC1 after every element whose length is
    /// not predefined (except the last).
    public var encodedParts: [Part] {
        var parts: [Part] = [.fnc1]
        for (index, element) in elements.enumerated() {
            parts.append(.data(element.ai + element.data))
            let isLast = index == elements.count - 1
            if !isLast, GS1ApplicationIdentifiers.predefinedDataLength(ai: element.ai) == nil {
                parts.append(.fnc1)
            }
        }
        return parts
    }

    /// Rebuilds the elements from what follows the leading FNC1: data segments separated by FNC1.
    ///
    /// Used by the virtual printer, which receives the encoded form from `GS k`.
    /// - Throws: `SymbologyError` `.invalidData` for an unknown AI or a truncated element.
    public init(fnc1Separated segments: [String]) throws(SymbologyError) {
        var elements: [Element] = []
        for segment in segments where !segment.isEmpty {
            var rest = Substring(segment)
            while !rest.isEmpty {
                guard let aiLength = GS1ApplicationIdentifiers.aiLength(startingWith: rest) else {
                    throw SymbologyError(
                        .invalidData, symbology: "GS1-128", message: "unknown AI at '\(rest.prefix(4))'")
                }
                let ai = String(rest.prefix(aiLength))
                rest = rest.dropFirst(aiLength)
                if let fixed = GS1ApplicationIdentifiers.predefinedDataLength(ai: ai) {
                    guard rest.count >= fixed else {
                        throw SymbologyError(
                            .invalidData, symbology: "GS1-128",
                            message: "AI (\(ai)) needs \(fixed) characters, found \(rest.count)")
                    }
                    elements.append(Element(ai: ai, data: String(rest.prefix(fixed))))
                    rest = rest.dropFirst(fixed)
                } else {
                    // Variable length: runs to the next FNC1, i.e. the end of the segment.
                    guard !rest.isEmpty else {
                        throw SymbologyError(.invalidData, symbology: "GS1-128", message: "AI (\(ai)) has no data")
                    }
                    elements.append(Element(ai: ai, data: String(rest)))
                    rest = ""
                }
            }
        }
        guard !elements.isEmpty else {
            throw SymbologyError(.invalidData, symbology: "GS1-128", message: "no element after FNC1")
        }
        self.elements = elements
    }
}

/// What a GS1 reader must know about AIs to split an element string.
enum GS1ApplicationIdentifiers {
    /// Data length of AIs whose first two digits are in GS1's predefined-length table.
    static func predefinedDataLength(ai: String) -> Int? {
        switch ai.prefix(2) {
        case "00": 18
        case "01", "02", "03": 14
        case "04": 16
        case "11", "12", "13", "14", "15", "16", "17", "18", "19": 6
        case "20": 2
        case "31", "32", "33", "34", "35", "36": 6
        case "41": 13
        default: nil
        }
    }

    /// GS1 mod-10: weights 3 and 1 from the rightmost digit.
    static func checkDigit(for digits: ArraySlice<Int>) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            sum += digit * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// How many digits the AI at the start of `text` has, from its first two digits.
    static func aiLength(startingWith text: Substring) -> Int? {
        let digits = text.prefix(4)
        guard digits.count >= 2, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let length: Int
        switch digits.prefix(2) {
        case "00", "01", "02", "03", "04", "10", "11", "12", "13", "15", "16", "17", "20", "21", "22", "30", "37":
            length = 2
        case "23", "24", "25", "40", "41", "42":
            length = 3
        case "31", "32", "33", "34", "35", "36", "39", "43", "70", "71", "72", "80", "81", "82":
            length = 4
        case let prefix where prefix.first == "9":
            length = 2
        default:
            return nil
        }
        return digits.count >= length ? length : nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
