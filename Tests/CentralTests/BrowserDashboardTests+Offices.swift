import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore

extension BrowserDashboardTests {
    /// A time zone where it is now between 12:00 and 13:00, so a day opened at 08:00 lies
    /// before now whenever the test runs (`Etc/GMT+5` is UTC−5: POSIX inverts the sign).
    static func middayZone(at now: Date) -> TimeZone {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let offset = 12 - utc.component(.hour, from: now)  // −11…+12
        let identifier = offset == 0 ? "Etc/GMT" : "Etc/GMT\(offset > 0 ? "-" : "+")\(abs(offset))"
        return TimeZone(identifier: identifier)!
    }

    /// Publishes the office's configuration, enrolls its kiosk with a code from `enroll-code`,
    /// plays the office's day on the kiosk since 08:00, then syncs it and sends a heartbeat over
    /// HTTP, as a kiosk in the field does.
    static func office(
        _ id: String, _ name: String, zone: TimeZone, central: RunningCentral, directory: TempDirectory,
        printer: KioskPrinterCondition, plan: OfficeDaySimulation.Plan
    ) async throws -> Office {
        guard var object = try JSONSerialization.jsonObject(with: Fixtures.officeJSON) as? [String: Any] else {
            throw TestFailure("the example office is not a JSON object")
        }
        object["officeId"] = id
        object["officeName"] = name
        object["timeZone"] = zone.identifier
        let json = try JSONSerialization.data(withJSONObject: object)
        let file = directory.path("\(id).json")
        try json.write(to: URL(fileURLWithPath: file))
        let configuration = try OfficeConfiguration.load(json: json)
        try await central.command(["publish-dataset", "office-config", file, "--office", id])

        let now = Date()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let opening = try #require(calendar.date(bySettingHour: 8, minute: 0, second: 0, of: now))
        let clock = TestClock(opening)
        let kiosk = try TestKiosk(id: "kiosco-\(id)", in: directory, clock: clock, configuration: configuration)
        let code = try await central.command(["enroll-code", "--office", id])
        _ = try await Enrollment.enroll(server: central.baseURL, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory)

        let outcome = try OfficeDaySimulation.run(kiosk, clock: clock, opening: opening, end: now.addingTimeInterval(-30), plan: plan)
        let events = try kiosk.events()
        let waiting = try kiosk.store.waitingTurns()
        let sync = try kiosk.sync(transport: try HTTPTransport(baseURL: central.baseURL))
        let uploaded = try await sync.syncOnce()
        #expect(uploaded.uploaded == events.count, "\(id): \(uploaded.uploaded) of \(events.count) events uploaded")
        try await sync.sendStatus(KioskRuntimeStatus(printer: printer, appVersion: "1.4.0"))
        return Office(
            id: id, name: name, configuration: configuration, kiosk: kiosk, outcome: outcome, events: events, waiting: waiting)
    }
}
