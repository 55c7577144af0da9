import TurneroCore

/// Reads a ticket label the way customers type it: `P27`, `p-027`, `P 27` → `P-027`.
public enum LabelInput {
    /// The canonical label, or nil when the text is not 1–3 letters followed by 1–6 digits.
    public static func normalize(_ text: String) -> String? {
        let compact = text.uppercased().filter { $0 != " " && $0 != "-" }
        let letters = compact.prefix { $0.isASCII && $0.isLetter }
        let digits = compact.dropFirst(letters.count)
        guard (1...3).contains(letters.count), (1...6).contains(digits.count),
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), number > 0
        else { return nil }
        return TurnLabel.make(prefix: String(letters), number: number)
    }
}
