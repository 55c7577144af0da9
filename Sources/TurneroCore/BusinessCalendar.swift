/// Business days (días hábiles): Monday to Friday except holidays. Colombian terms for
/// petitions are counted in them (Ley 1755 de 2015: 15 business days by default), starting the
/// day after the request is filed.
public struct BusinessCalendar: Sendable, Hashable {
    /// Days that are not business days although they fall Monday to Friday.
    public var holidays: Set<LocalDay>

    public init(holidays: Set<LocalDay> = []) {
        self.holidays = holidays
    }

    /// Colombia's public holidays for `years` (``ColombianHolidays``) plus `extra` days off.
    public static func colombia(years: ClosedRange<Int>, extra: [LocalDay] = []) -> BusinessCalendar {
        var days = Set(extra)
        for year in years { days.formUnion(ColombianHolidays.holidays(in: year)) }
        return BusinessCalendar(holidays: days)
    }

    /// Whether offices answer requests on `day`.
    public func isBusinessDay(_ day: LocalDay) -> Bool {
        !day.weekday.isWeekend && !holidays.contains(day)
    }

    /// The day on which a term of `count` business days ends when it starts on `day` (the
    /// filing day itself is not counted). `count` 0 is `day` itself.
    public func adding(businessDays count: Int, to day: LocalDay) -> LocalDay {
        var current = day
        var left = max(0, count)
        while left > 0 {
            current = current.adding(days: 1)
            if isBusinessDay(current) { left -= 1 }
        }
        return current
    }

    /// Business days in `(from, to]`: how many of a term have elapsed on `to`.
    public func businessDays(after from: LocalDay, through to: LocalDay) -> Int {
        guard from < to else { return 0 }
        var count = 0
        var current = from
        while current < to {
            current = current.adding(days: 1)
            if isBusinessDay(current) { count += 1 }
        }
        return count
    }
}

/// Colombia's public holidays (festivos), by the rules of Ley 51 de 1983 ("Ley Emiliani"):
/// some fixed, some moved to the following Monday, some counted from Easter Sunday.
public enum ColombianHolidays {
    /// The holidays of `year`, sorted (18 rules; two may fall on the same Monday).
    public static func holidays(in year: Int) -> [LocalDay] {
        guard (1984...9999).contains(year), let easter = easterSunday(year) else { return [] }
        func day(_ month: Int, _ day: Int) -> LocalDay { LocalDay(year: year, month: month, day: day)! }
        func nextMonday(_ date: LocalDay) -> LocalDay {
            var current = date
            while current.weekday != .monday { current = current.adding(days: 1) }
            return current
        }
        var days: [LocalDay] = [
            day(1, 1), day(5, 1), day(7, 20), day(8, 7), day(12, 8), day(12, 25),  // fixed
            easter.adding(days: -3), easter.adding(days: -2),  // Holy Thursday, Good Friday
        ]
        for (month, date) in [(1, 6), (3, 19), (6, 29), (8, 15), (10, 12), (11, 1), (11, 11)] {
            days.append(nextMonday(day(month, date)))  // moved to Monday
        }
        // Ascension, Corpus Christi and Sacred Heart, moved to the Monday after.
        days += [easter.adding(days: 43), easter.adding(days: 64), easter.adding(days: 71)]
        return Set(days).sorted()
    }

    /// Easter Sunday (Gregorian computus, the anonymous algorithm).
    public static func easterSunday(_ year: Int) -> LocalDay? {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDay(year: year, month: month, day: day)
    }
}
