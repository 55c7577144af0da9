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
            (year, month, day) = LocalDay.civilFromDays(days)
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

    /// The instant local midnight starts `day` in `zone`.
    public static func start(of day: LocalDay, in zone: TimeZone) -> Date {
        if let offset = zone.constantOffset {
            return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 - offset))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let (year, month, date) = LocalDay.civilFromDays(day.dayNumber)
        return calendar.date(from: DateComponents(year: year, month: month, day: date))!
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
