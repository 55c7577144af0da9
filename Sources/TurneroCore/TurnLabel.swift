/// The printed label of a turn (`P-027`): service prefix and the day's number for that service.
///
/// A label identifies a turn only within one office, service and day; the turn id (UUID) is
/// the identity everywhere else.
public enum TurnLabel {
    /// `prefix-NNN`, at least three digits.
    public static func make(prefix: String, number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)"
    }

    /// Splits a label into prefix and number, or `nil` if it is not a label.
    public static func parse(_ text: String) -> (prefix: String, number: Int)? {
        let trimmed = text.trimmingWhitespace().uppercased()
        guard let dash = trimmed.lastIndex(of: "-") else { return nil }
        let prefix = String(trimmed[..<dash])
        let digits = trimmed[trimmed.index(after: dash)...]
        guard !prefix.isEmpty, prefix.count <= 3, !digits.isEmpty, digits.count <= 6,
            digits.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(digits), number > 0
        else { return nil }
        return (prefix, number)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
