/// A calendar month (`2026-11`): the period of the monthly report and of audit samples.
public struct ReportMonth: RawRepresentable, Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Accepts `YYYY-MM` only.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month that contains `day`.
    public init(containing day: LocalDay) {
        let parts = day.rawValue.split(separator: "-")
        self.init(year: Int(parts[0]) ?? 1970, month: Int(parts[1]) ?? 1)!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let month = ReportMonth(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM: \(text)"))
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var rawValue: String {
        let y = String(year), m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" + m : m)
    }

    public var description: String { rawValue }

    /// The first day of the month.
    public var firstDay: LocalDay { LocalDay(year: year, month: month, day: 1)! }

    /// The last day of the month.
    public var lastDay: LocalDay { next.firstDay.adding(days: -1) }

    /// Every day of the month, in order.
    public var days: [LocalDay] {
        let first = firstDay.dayNumber
        return (first...lastDay.dayNumber).map(LocalDay.init(dayNumber:))
    }

    /// The month before.
    public var previous: ReportMonth { month == 1 ? ReportMonth(year: year - 1, month: 12)! : ReportMonth(year: year, month: month - 1)! }

    /// The month after.
    public var next: ReportMonth { month == 12 ? ReportMonth(year: year + 1, month: 1)! : ReportMonth(year: year, month: month + 1)! }

    /// Spanish month name and year ("noviembre de 2026").
    public var spanishName: String {
        let names = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
        return "\(names[month - 1]) de \(year)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
