import Foundation
import Testing
import TurneroCore

@Suite("Office day and labels")
struct LocalDayTests {
    @Test func dayFollowsTheOfficeTimeZone() {
        let bogota = TimeZone(identifier: "America/Bogota")!
        // 2026-11-18 04:30 UTC is still 23:30 on the 17th in Bogotá (UTC−5).
        let lateEvening = Date(timeIntervalSince1970: 1_794_976_200)
        #expect(LocalDay(containing: lateEvening, in: bogota).rawValue == "2026-11-17")
        #expect(LocalDay(containing: lateEvening, in: TimeZone(identifier: "UTC")!).rawValue == "2026-11-18")
        let interval = LocalDay(rawValue: "2026-11-17")!.interval(in: bogota)
        #expect(interval.end.timeIntervalSince(interval.start) == 86_400)
        #expect(LocalDay(containing: interval.start, in: bogota).rawValue == "2026-11-17")
        #expect(LocalDay(containing: interval.end.addingTimeInterval(-0.001), in: bogota).rawValue == "2026-11-17")
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "26-01-01", "2026-1-01", "", "2026-01-32", "abcd-ef-gh"])
    func invalidDatesAreRejected(text: String) {
        #expect(LocalDay(rawValue: text) == nil)
    }

    @Test func labelsArePaddedAndParsed() {
        #expect(TurnLabel.make(prefix: "P", number: 7) == "P-007")
        #expect(TurnLabel.make(prefix: "RC", number: 1234) == "RC-1234")
        #expect(TurnLabel.parse(" p-7 ")! == ("P", 7))
        #expect(TurnLabel.parse("P-") == nil && TurnLabel.parse("-7") == nil && TurnLabel.parse("P-0") == nil)
        #expect(TurnLabel.parse("P-" + String(repeating: "9", count: 500)) == nil)
    }
}
