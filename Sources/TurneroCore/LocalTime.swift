public import Foundation

/// An instant's local date and time in a zone.
public struct LocalTime: Sendable, Hashable {
    public var year, month, day, hour, minute, second: Int

    /// `date` in `zone`: by arithmetic when the zone keeps one offset (the offices' zones, see
    /// ``ZoneInfo``), by Foundation's Gregorian calendar otherwise. A `Calendar` starts from the
    /// machine's current zone, which on Linux loads ICU even when the office's own zone does
    /// not need it (issue 15).
    public init(_ date: Date, in zone: TimeZone) {
        if let offset = zone.constantOffset {
            let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + offset
            let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
            (year, month, day) = Self.civil(days: days)
            hour = secondOfDay / 3_600
            minute = secondOfDay % 3_600 / 60
            second = secondOfDay % 60
        } else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            (year, month, day) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            (hour, minute, second) = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        }
    }

    /// The instant local midnight starts `year-month-day` in `zone`.
    public static func startOfDay(year: Int, month: Int, day: Int, in zone: TimeZone) -> Date {
        if let offset = zone.constantOffset {
            return Date(timeIntervalSince1970: TimeInterval(days(year: year, month: month, day: day) * 86_400 - offset))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's method).
    static func civil(days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// (year, month, day) → days since 1970-01-01, the inverse of ``civil(days:)``.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }
}

extension TimeZone {
    /// The zone's one UTC offset when it is a fixed-offset zone (`TimeZone(secondsFromGMT:)`,
    /// what ``ZoneInfo`` gives for zones without changes), else nil. Asked without ICU: such
    /// zones are Foundation's own GMT zones, named `GMT`, `GMT+0530`, `GMT-0500`.
    var constantOffset: Int? {
        guard identifier == "GMT" || identifier.hasPrefix("GMT+") || identifier.hasPrefix("GMT-") else { return nil }
        let offset = secondsFromGMT()
        return TimeZone(secondsFromGMT: offset) == self ? offset : nil
    }
}
