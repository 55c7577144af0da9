import Foundation
import Testing
import TurneroCore

/// Office time zones from the system's database: fixed offsets without ICU where the zone keeps
/// one, Foundation's zone otherwise, and the same local times either way.
@Suite("Time zones from the system database", .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/America/Bogota")))
struct ZoneInfoTests {
    @Test(arguments: [("America/Bogota", -18_000), ("America/Lima", -18_000), ("America/Panama", -18_000), ("Etc/UTC", 0), ("Asia/Kolkata", 19_800)])
    func zonesThatKeepOneOffsetAreFixed(identifier: String, offset: Int) {
        #expect(ZoneInfo.fixedOffset(identifier) == offset)
        #expect(ZoneInfo.timeZone(identifier)?.secondsFromGMT() == offset)
    }

    @Test(arguments: ["America/New_York", "America/Santiago", "Europe/Madrid", "America/Asuncion"])
    func zonesWithDaylightSavingOrRecentChangesAreLeftToFoundation(identifier: String) {
        #expect(ZoneInfo.fixedOffset(identifier) == nil)
        #expect(ZoneInfo.timeZone(identifier) == TimeZone(identifier: identifier))
    }

    @Test(arguments: ["", "../../etc/passwd", "/etc/passwd", "America/../../../etc/passwd", "Nowhere/City", "America/Bogota\u{0}"])
    func unknownOrHostileNamesAreNotZones(identifier: String) {
        #expect(ZoneInfo.fixedOffset(identifier) == nil)
        #expect(ZoneInfo.timeZone(identifier) == TimeZone(identifier: identifier))
    }

    @Test func damagedFilesAreNotRead() throws {
        let bogota = try #require(FileManager.default.contents(atPath: "/usr/share/zoneinfo/America/Bogota").map { [UInt8]($0) })
        #expect(ZoneInfo.fixedOffset(tzif: bogota) == -18_000)
        for length in [0, 4, 20, 43, 44, 60, bogota.count / 2, bogota.count - 1] {
            #expect(ZoneInfo.fixedOffset(tzif: Array(bogota.prefix(length))) == nil, "cut at \(length)")
        }
        var wrongMagic = bogota
        wrongMagic[0] = UInt8(ascii: "X")
        #expect(ZoneInfo.fixedOffset(tzif: wrongMagic) == nil)
        var seeded = SplitMix64(seed: 15)
        for _ in 0..<500 {  // random damage never crashes
            var damaged = bogota
            damaged[Int(seeded.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: seeded.next())
            _ = ZoneInfo.fixedOffset(tzif: damaged)
        }
    }

    /// Bogotá by the fixed offset and by ICU: the same office day and the same hour and minute
    /// at 5,000 instants from 2000 to 2040.
    @Test func theFixedZoneGivesTheLocalTimesICUGives() throws {
        let fixed = try #require(ZoneInfo.timeZone("America/Bogota"))
        let icu = try #require(TimeZone(identifier: "America/Bogota"))
        var fixedCalendar = Calendar(identifier: .gregorian)
        fixedCalendar.timeZone = fixed
        var icuCalendar = Calendar(identifier: .gregorian)
        icuCalendar.timeZone = icu
        var seeded = SplitMix64(seed: 2026)
        for _ in 0..<5_000 {
            let instant = Date(timeIntervalSince1970: 946_684_800 + Double(seeded.next() % 1_262_304_000))
            #expect(LocalDay(containing: instant, in: fixed) == LocalDay(containing: instant, in: icu))
            let parts: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
            #expect(fixedCalendar.dateComponents(parts, from: instant) == icuCalendar.dateComponents(parts, from: instant))
        }
    }
}
