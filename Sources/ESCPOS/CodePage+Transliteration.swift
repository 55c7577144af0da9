import Foundation

/// How one character of text became bytes in a code page.
struct EncodedCharacter {
    enum Kind { case exact, transliterated, unrepresentable }
    var bytes: [UInt8]
    var kind: Kind
}

extension CodePage {
    /// The bytes for one character: itself when the code page has it, otherwise a readable
    /// stand-in ("€" → "EUR", "–" → "-", "ă" → "a"), and "?" when nothing fits.
    ///
    /// Control characters never pass through as bytes: they would be printer commands.
    func encode(_ character: Character) -> EncodedCharacter {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, let byte = byte(for: scalar) {
            return EncodedCharacter(bytes: [byte], kind: .exact)
        }
        if scalars.count > 1 {
            // Decomposed input ("a" + U+0301) is the same letter as "á".
            let composed = String(character).precomposedStringWithCanonicalMapping.unicodeScalars
            if composed.count == 1, let scalar = composed.first, let byte = byte(for: scalar) {
                return EncodedCharacter(bytes: [byte], kind: .exact)
            }
        }
        return transliterate(character)
    }

    private func transliterate(_ character: Character) -> EncodedCharacter {
        if let replacement = Self.replacements[character] {
            if let bytes = encodeAll(replacement) {
                return EncodedCharacter(bytes: bytes, kind: .transliterated)
            }
        }
        if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) {
            // Zero-width joiners, BOMs, soft hyphens: invisible, so nothing is printed for them.
            return EncodedCharacter(bytes: [], kind: .transliterated)
        }
        // Strip accents the code page lacks: "ă" → "a", "Ł" has no decomposition and falls through.
        let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
        if let base = decomposed.first, base.properties.generalCategory != .control,
            let byte = byte(for: base)
        {
            return EncodedCharacter(bytes: [byte], kind: .transliterated)
        }
        return EncodedCharacter(bytes: [UInt8(ascii: "?")], kind: .unrepresentable)
    }

    /// The stand-in bytes for a single scalar from the replacement list, looked up by scalar
    /// value (the encoder's fast path; `encode(_:)` is the general one).
    func replacement(for scalar: Unicode.Scalar) -> [UInt8]? {
        let table: [UInt32: [UInt8]] =
            switch self {
            case .cp437: Self.cp437Replacements
            case .cp850: Self.cp850Replacements
            case .cp858: Self.cp858Replacements
            case .wpc1252: Self.wpc1252Replacements
            }
        return table[scalar.value]
    }

    private static let cp437Replacements = scalarReplacements(.cp437)
    private static let cp850Replacements = scalarReplacements(.cp850)
    private static let cp858Replacements = scalarReplacements(.cp858)
    private static let wpc1252Replacements = scalarReplacements(.wpc1252)

    private static func scalarReplacements(_ page: CodePage) -> [UInt32: [UInt8]] {
        var table: [UInt32: [UInt8]] = [:]
        for (character, replacement) in replacements where character.unicodeScalars.count == 1 {
            guard let scalar = character.unicodeScalars.first, page.byte(for: scalar) == nil,
                let bytes = page.encodeAll(replacement)
            else { continue }
            table[scalar.value] = bytes
        }
        return table
    }

    private func encodeAll(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Stand-ins for characters common in Spanish office text that some code pages lack.
    /// Entries are tried only when the code page lacks the character itself.
    private static let replacements: [Character: String] = [
        "€": "EUR", "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
        "‘": "'", "’": "'", "‚": "'", "′": "'", "“": "\"", "”": "\"", "„": "\"", "″": "\"",
        "«": "\"", "»": "\"", "…": "...", "•": "*", "·": ".", "™": "TM", "©": "(c)", "®": "(R)",
        "\u{00A0}": " ", "\u{2007}": " ", "\u{2009}": " ", "\u{202F}": " ", "\t": " ",
        "≤": "<=", "≥": ">=", "×": "x", "÷": "/", "°": "o", "º": "o", "ª": "a",
        "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "¿": "?", "¡": "!", "¢": "c", "£": "GBP", "¥": "JPY", "₧": "Pts",
        "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ú": "U", "Ñ": "N", "ñ": "n", "Ü": "U", "ü": "u",
    ]
}
