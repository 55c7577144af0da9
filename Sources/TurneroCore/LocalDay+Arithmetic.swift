/// Calendar arithmetic on local days without Foundation's calendars: a day number (days since
/// 1970-01-01, the proleptic Gregorian calendar) and the weekday.
extension LocalDay {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        let parts = rawValue.split(separator: "-")
        return Self.daysFromCivil(year: Int(parts[0]) ?? 1970, month: Int(parts[1]) ?? 1, day: Int(parts[2]) ?? 1)
    }

    /// The day with this number (days since 1970-01-01).
    public init(dayNumber: Int) {
        let (year, month, day) = Self.civilFromDays(dayNumber)
        self.init(year: year, month: month, day: day)!
    }

    /// (year, month, day) of a day number: Howard Hinnant's civil-from-days (eras of 400
    /// years, March-based years), the inverse of ``daysFromCivil(year:month:day:)``.
    static func civilFromDays(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day `year-month-day`, or nil when it is not a calendar date (or outside 0001…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year) else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        self.init(rawValue: "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))")
    }

    /// The calendar year.
    public var year: Int { Int(rawValue.prefix(4)) ?? 0 }

    /// `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDay { LocalDay(dayNumber: dayNumber + count) }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7
        return Weekday.allCases[index]
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Days of the week, Monday first (as Colombia's calendar and Ley 51 de 1983 count them).
public enum Weekday: String, CaseIterable, Sendable, Hashable, Codable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Saturday or Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
