import Foundation
import Testing
@testable import TurneroCore

/// Local date and time by arithmetic in fixed-offset zones, equal to Foundation's calendar.
@Suite("Local time")
struct LocalTimeTests {
    @Test(arguments: [-18_000, 0, 19_800, 45_900, -36_000])
    func arithmeticAgreesWithTheCalendar(offset: Int) throws {
        let zone = try #require(TimeZone(secondsFromGMT: offset))
        #expect(zone.constantOffset == offset)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var random = SplitMix64(seed: UInt64(offset + 100_000))
        for _ in 0..<3_000 {
            // 1900 to 2100, whole and fractional seconds, before and after 1970.
            let seconds = Double(Int64(random.next() % 6_311_390_400) - 2_208_988_800) + Double(random.next() % 1000) / 1000
            let instant = Date(timeIntervalSince1970: seconds)
            let local = LocalTime(instant, in: zone)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            #expect([local.year, local.month, local.day, local.hour, local.minute, local.second]
                == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { $0 ?? -1 }, "\(instant)")
            let start = LocalTime.start(of: try #require(LocalDay(year: local.year, month: local.month, day: local.day)), in: zone)
            #expect(start == calendar.startOfDay(for: instant))
        }
    }

    @Test func civilDaysRoundTrip() {
        for days in stride(from: -700_000, through: 2_900_000, by: 997) {
            let (year, month, day) = LocalDay.civilFromDays(days)
            #expect(LocalDay.daysFromCivil(year: year, month: month, day: day) == days)
        }
        #expect(LocalDay.civilFromDays(0) == (1970, 1, 1))
        #expect(LocalDay.civilFromDays(11_016) == (2000, 2, 29))
        #expect(LocalDay.daysFromCivil(year: 2026, month: 12, day: 3) == 20_790)
    }

    /// Zones with daylight saving still go through the calendar: a day is 23 or 25 hours.
    @Test func daylightSavingDaysKeepTheirLength() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(newYork.constantOffset == nil)
        let spring = try #require(LocalDay(rawValue: "2026-03-08")).interval(in: newYork)
        let autumn = try #require(LocalDay(rawValue: "2026-11-01")).interval(in: newYork)
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3_600)
        #expect(autumn.end.timeIntervalSince(autumn.start) == 25 * 3_600)
        #expect(TimeZone(identifier: "UTC").map { $0.constantOffset == nil || $0.constantOffset == 0 } ?? true)
    }
}
