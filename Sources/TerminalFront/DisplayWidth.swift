/// Terminal display width: what `wcwidth` would say, for the characters a kiosk shows.
///
/// Padding and centring go by columns, not bytes or scalars: "Ó", "ñ" and "€" take one column,
/// CJK and most emoji two, combining marks none.
public enum DisplayWidth {
    /// Columns taken by `character`.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark {
            return 0
        }
        if isWide(value) || (character.unicodeScalars.count > 1 && first.properties.isEmojiPresentation) { return 2 }
        return 1
    }

    /// Columns taken by `text`.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// `text` cut to at most `width` columns (an ellipsis marks the cut).
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces to exactly `width` columns (truncated if longer).
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// `text` centred in `width` columns.
    public static func center(_ text: String, in width: Int) -> String {
        let cut = truncate(text, to: width)
        let space = width - of(cut)
        let left = space / 2
        return String(repeating: " ", count: left) + cut + String(repeating: " ", count: space - left)
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
