import Foundation
import PropertyBased
import Testing
import TurneroCore

/// Business days and Colombia's holidays (issue 16: escalations are due in business days, 15 by
/// default, Ley 1755 de 2015).
@Suite("Business days and Colombian holidays")
struct BusinessCalendarTests {
    static func day(_ text: String) -> LocalDay { LocalDay(rawValue: text)! }

    /// The 2026 festivos as the government published them.
    @Test func colombianHolidays2026() {
        let expected = [
            "2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01", "2026-05-18",
            "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-20", "2026-08-07", "2026-08-17", "2026-10-12",
            "2026-11-02", "2026-11-16", "2026-12-08", "2026-12-25",
        ].map(Self.day)
        #expect(ColombianHolidays.holidays(in: 2026) == expected)
        #expect(ColombianHolidays.easterSunday(2027) == Self.day("2027-03-28"))
    }

    @Test func everyYearHasEighteenHolidaysAndMovedOnesFallOnMonday() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1984...2200)) { year in
            let days = ColombianHolidays.holidays(in: year)
            // Eighteen rules; a moved holiday may land on another (Sacred Heart on San Pedro's Monday).
            #expect((16...18).contains(Set(days).count), "\(year): \(days)")
            let fixed: Set<String> = ["01-01", "05-01", "07-20", "08-07", "12-08", "12-25"]
            let easter = ColombianHolidays.easterSunday(year)!
            for holiday in days where !fixed.contains(String(holiday.rawValue.suffix(5))) {
                let holyWeek = holiday == easter.adding(days: -3) || holiday == easter.adding(days: -2)
                #expect(holyWeek || holiday.weekday == .monday, "\(holiday) is a \(holiday.weekday)")
            }
            #expect(easter.weekday == .sunday)
        }
    }

    @Test func dayNumbersAndWeekdaysAgreeWithFoundation() async {
        // (From 1696: Foundation's calendar turns Julian before 1582.)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        await propertyCheck(count: 500, input: Gen.int(in: -100_000...2_000_000)) { number in
            let day = LocalDay(dayNumber: number)
            #expect(day.dayNumber == number)
            let date = Date(timeIntervalSince1970: Double(number) * 86_400)
            #expect(LocalDay(containing: date, in: calendar.timeZone) == day)
            // Foundation: 1 = Sunday … 7 = Saturday.
            let foundation = calendar.component(.weekday, from: date)
            #expect(Weekday.allCases[(foundation + 5) % 7] == day.weekday)
        }
    }

    /// For any start and term: the due day is a business day, exactly `n` business days after
    /// the start, and no earlier day is.
    @Test func termsCountBusinessDaysAcrossWeekendsAndHolidays() async {
        let calendar = BusinessCalendar.colombia(years: 2025...2029)
        await propertyCheck(count: 400, input: Gen.int(in: 20_089...21_500), Gen.int(in: 0...40)) { start, term in
            let filed = LocalDay(dayNumber: start)
            let due = calendar.adding(businessDays: term, to: filed)
            #expect(calendar.businessDays(after: filed, through: due) == term)
            if term > 0 {
                #expect(calendar.isBusinessDay(due), "\(due) is not a business day")
                #expect(calendar.businessDays(after: filed, through: due.adding(days: -1)) == term - 1)
            } else {
                #expect(due == filed)
            }
        }
    }

    /// A claim filed on Friday 18 December 2026 with the general 15-day term: Christmas, New
    /// Year and Reyes (moved to Monday 11 January 2027) do not count.
    @Test func fifteenBusinessDaysOverTheHolidays() {
        let calendar = BusinessCalendar.colombia(years: 2026...2027)
        #expect(calendar.adding(businessDays: 15, to: Self.day("2026-12-18")) == Self.day("2027-01-13"))
    }
}
