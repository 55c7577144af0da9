import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Issue 12, findings 2–4: a detractor's call-back from the kiosk to the centre and back. The
/// number the customer gave goes up apart from the events and leaves the kiosk; the agent's
/// closure comes down and becomes the office's own; the reports count it wherever it happened.
@Suite("Call-backs both ways: kiosk → centre → kiosk", .serialized)
struct CallbackJourneyTests {
    @Test("a detractor's number reaches the centre and leaves the kiosk; the agent's closure reaches the kiosk and both reports", arguments: Backend.enabled)
    func bothWays(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let (store, central) = (scenario.kiosk.store, scenario.storage)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let open = try #require(try store.openCallbacks().first)
            let phone = try #require(ColombianPhone(parsing: "+57 310 555 0101"))
            try store.recordContact(callback: open.id, phone: phone)
            #expect(try store.callbackContacts().count == 1)
            _ = try await sync.syncOnce()
            // Stored beside the call-back at the centre, gone from the kiosk.
            let atCentre = try #require(try await central.callback(id: open.id.uuidString))
            #expect(atCentre.phone == "3105550101" && atCentre.contactGiven && atCentre.phoneConsentBy == "cliente")
            #expect(try store.callbackContacts().isEmpty)
            #expect(try store.callbackContact(open.id) == nil)

            // An agent reaches the customer and escalates the case.
            #expect(try await central.assignCallbacks(agents: ["agente"], now: scenario.clock.date) == 1)
            let closure = CallbackClosureInput(reason: "solucion", outcome: .escalated, area: "tecnica", secondSurvey: 10)
            guard case .recorded = try await central.recordCallbackAttempt(
                id: open.id.uuidString, CallbackAttemptInput(agent: "agente", result: .contacted, closure: closure),
                policy: CallbackPolicy(), byManager: false, now: scenario.clock.date)
            else { Issue.record("the attempt was not recorded"); return }

            // The centre's monthly report counts the closure before the kiosk knows of it.
            let month = LocalDay(containing: scenario.clock.date, in: Fixtures.office.resolvedTimeZone).rawValue.prefix(7).split(separator: "-")
            let period = KPIExport.Period.monthly(year: Int(month[0])!, month: Int(month[1])!)
            let rows = try await KPIExport(storage: central).rows(offices: [OfficeScenario.office], period: period, now: scenario.clock.date)
            let total = try #require(rows.first { row in row.contains { $0.0 == "service" && $0.1 == .text("*") } })
            #expect(total.first { $0.0 == "callbacks_closed_in_time" }?.1 == .integer(1), "\(total)")

            // The next sync brings the closure down: the office's call-back list and report agree.
            #expect(try store.openCallbacks().count == 1)
            _ = try await sync.syncOnce()
            #expect(try store.openCallbacks().isEmpty)
            let echoed = try scenario.kiosk.events().filter { if case .callbackClosed = $0.payload { true } else { false } }
            #expect(echoed.map(\.payload) == [.callbackClosed(callback: open.id, outcome: .escalated)])
            let day = LocalDay(containing: scenario.clock.date, in: Fixtures.office.resolvedTimeZone)
            let report = KPICalculator(configuration: Fixtures.office).report(events: try scenario.kiosk.events(), day: day, until: scenario.clock.date)
            #expect(report.total.callbacksClosedInTime == 1 && report.total.callbackSLA == 1)
            // Once the kiosk recorded it, the centre stops telling it.
            #expect(try await central.closuresToDeliver(kioskId: scenario.kiosk.id, limit: 10).isEmpty)
            let after = try #require(try await central.callback(id: open.id.uuidString))
            #expect(after.outcome == .escalated && after.closedBy == "agent:agente" && after.kioskClosedAt != nil)
        }
    }

    @Test("the running kiosk's heartbeat carries the printer, version, last ticket and datasets", arguments: Backend.enabled)
    func heartbeat(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let last = try #require(try scenario.kiosk.store.lastIssuedTurn())
            let status = KioskRuntimeStatus(
                printer: .paperOut, appVersion: "0.2.0", lastTicket: .init(label: last.label, at: last.issuedAt))
            #expect(try await sync.sendStatus(status) == .delivered)
            let overview = try #require(try await scenario.storage.kioskOverviews().first { $0.kioskId == scenario.kiosk.id })
            #expect(overview.status?.printer == .paperOut && overview.status?.appVersion == "0.2.0")
            #expect(overview.status?.lastTicketLabel == last.label && overview.printerSince != nil)
            #expect(overview.status?.datasetVersions?.isEmpty == false || overview.status?.datasetVersions == nil)
            // The office page says so, on top.
            let snapshot = OfficeSnapshot.make(
                officeId: OfficeScenario.office, configuration: Fixtures.office, events: [], kiosks: [overview], callbacks: [],
                now: scenario.clock.date, onlineWindow: 3600)
            #expect(snapshot.alerts.map(\.kind) == ["paper_out"])
            // A kiosk not heard from within the window is an alert of its own (whatever its printer said).
            let silent = OfficeSnapshot.make(
                officeId: OfficeScenario.office, configuration: Fixtures.office, events: [], kiosks: [overview], callbacks: [],
                now: scenario.clock.date.addingTimeInterval(7_200), onlineWindow: 180)
            #expect(silent.alerts.map(\.kind) == ["silent"] && silent.alerts.first?.severity == "bad")
        }
    }
}
