@testable import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TestSupport
import TurneroCore

/// The dashboard in a real browser: the real `turnero-central serve` on 127.0.0.1, two offices'
/// days uploaded by real kiosk syncs over HTTP, headless Chromium signed in with one-time links
/// from `turnero-central user login-link`. The numbers the browser shows must be what
/// `KPICalculator` computes from the kiosks' own events; screenshots go to the test artifacts.
@Suite("Dashboard in headless Chromium", .serialized, .enabled(if: Environment.chromiumEnabled))
struct BrowserDashboardTests {
    /// One office of the day: its configuration, kiosk and what the simulation left.
    struct Office {
        var id: String
        var name: String
        var configuration: OfficeConfiguration
        var kiosk: TestKiosk
        var outcome: OfficeDaySimulation.Outcome
        var events: [QueueEvent]
        var waiting: [Turn]

        /// The KPIs as the centre must compute them at `now`.
        func report(at now: Date) -> KPIReport {
            let zone = configuration.resolvedTimeZone
            return KPICalculator(configuration: configuration).report(events: events, day: LocalDay(containing: now, in: zone), until: now)
        }
    }

    @Test("group and office pages load, show the kiosks' numbers, and screenshot", arguments: Backend.enabled)
    func dashboardInChromium(_ backend: Backend) async throws {
        let chromium = try #require(try HeadlessChromium.installed())
        try await withTestStorage(backend) { storage in
            let central = try await RunningCentral.start(database: storage.database)
            defer { central.stop() }
            let zone = Self.middayZone(at: Date())
            let centro = try await Self.office(
                "med-centro", "Oficina Centro", zone: zone, central: central, directory: storage.directory, printer: .ok,
                plan: .init(arrivalsPerHour: 24, counters: [1, 3, 4, 6], lateCounter: (5, 60), lunchBreak: (4, 200), seed: 81))
            let norte = try await Self.office(
                "med-norte", "Oficina Norte", zone: zone, central: central, directory: storage.directory, printer: .paperNearEnd,
                plan: .init(arrivalsPerHour: 12, counters: [1, 3, 4], lateCounter: (5, 30), lunchBreak: (3, 180), seed: 82))
            _ = try await central.command(["user", "add", "gerente", "--role", "manager", "--pbkdf2-rounds", "1000"])

            // Without a session the browser lands on the sign-in form.
            let anonymous = try await chromium.dumpDOM(central.baseURL + "/dashboard")
            #expect(anonymous.contains(#"name="password""#) && !anonymous.contains("data-kpi"))

            let before = Date()
            let group = try await chromium.dumpDOM(try await central.command(["user", "login-link", "gerente", "--base-url", central.baseURL]))
            let office = try await chromium.dumpDOM(try await central.command([
                "user", "login-link", "gerente", "--base-url", central.baseURL, "--next", "/dashboard/offices/med-centro",
            ]))
            let after = Date()
            try TestArtifacts.save(group, as: "dashboard-group-\(backend).html")
            try TestArtifacts.save(office, as: "dashboard-office-\(backend).html")

            Self.checkGroup(group, offices: [centro, norte], moments: [before, after])
            Self.checkOffice(office, centro, moments: [before, after])

            for (page, next) in [("group", "/dashboard"), ("office", "/dashboard/offices/med-centro")] {
                let path = try TestArtifacts.path("dashboard-\(page)-\(backend).png")
                try await chromium.screenshot(
                    try await central.command(["user", "login-link", "gerente", "--base-url", central.baseURL, "--next", next]), to: path)
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(PNGHeader(data) == PNGHeader(width: 1280, height: 1600), "\(path) is not a 1280×1600 PNG")
                #expect(data.count > 40_000, "\(path) is only \(data.count) bytes: a blank page?")
            }
            central.stop()
            #expect(!central.log.contains(#""level":"error""#), "the server logged errors: \(central.log.suffix(2_000))")
        }
    }

    /// The group view: totals over both offices and one ranked row per office.
    static func checkGroup(_ page: String, offices: [Office], moments: [Date]) {
        #expect(page.contains("<svg"), "no chart on the group page")
        #expect(PageValues.value(page, kpi: "offices") == String(offices.count))
        #expect(PageValues.value(page, kpi: "group-waiting") == String(offices.reduce(0) { $0 + $1.waiting.count }))
        #expect(PageValues.value(page, kpi: "group-kiosks-online") == "\(offices.count)/\(offices.count)")
        #expect(PageValues.value(page, kpi: "group-printer-alerts") == "1")
        let served = moments.map { moment in String(offices.reduce(0) { $0 + $1.report(at: moment).total.served }) }
        expect(page, "group-served", in: served)
        for office in offices {
            let row = Self.row(of: office.id, in: page)
            #expect(row.contains(office.name), "no row for \(office.id)")
            #expect(PageValues.value(row, kpi: "waiting") == String(office.waiting.count))
            #expect(PageValues.value(row, kpi: "counters-open") == String(office.outcome.countersOpen.count))
            let reports = moments.map(office.report(at:))
            expect(row, "service-level", in: reports.map { Format.percent($0.total.serviceLevel) })
            expect(row, "wait-p90", in: reports.map { Format.minutes($0.total.waitP90) })
            expect(row, "nps", in: reports.map { Format.number($0.total.nps) })
            expect(row, "served", in: reports.map { String($0.total.served) })
            expect(row, "no-show-rate", in: reports.map { Format.percent($0.total.noShowRate) })
        }
    }

    /// One office: tiles, the service table, the kiosk's heartbeat, the charts.
    static func checkOffice(_ page: String, _ office: Office, moments: [Date]) {
        #expect(page.contains(#"data-office="\#(office.id)""#) && page.contains(office.name))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2, "the office page should show two charts")
        #expect(PageValues.value(page, kpi: "waiting-total") == String(office.waiting.count))
        #expect(PageValues.value(page, kpi: "counters-open") == String(office.outcome.countersOpen.count))
        #expect(PageValues.value(page, kpi: "kiosks-online") == "1/1")
        #expect(page.contains(#"data-printer="ok""#))
        let reports = moments.map(office.report(at:))
        expect(page, "wait-p90-total", in: reports.map { Format.minutes($0.total.waitP90) })
        expect(page, "service-level-total", in: reports.map { Format.percent($0.total.serviceLevel) })
        expect(page, "no-show-rate-total", in: reports.map { Format.percent($0.total.noShowRate) })
        expect(page, "nps-total", in: reports.map { Format.number($0.total.nps) })
        expect(page, "response-rate-total", in: reports.map { Format.percent($0.total.ratingResponseRate) })
        for (index, line) in reports[0].services.enumerated() {
            let code = line.service.rawValue
            let lines = reports.map { $0.services[index].kpis }
            #expect(PageValues.value(page, kpi: "waiting", service: code) == String(office.waiting.count { $0.service == line.service }))
            expect(page, "issued", service: code, in: lines.map { String($0.issued) })
            expect(page, "served", service: code, in: lines.map { String($0.served) })
            expect(page, "wait-p90", service: code, in: lines.map { Format.minutes($0.waitP90) })
            expect(page, "service-level", service: code, in: lines.map { Format.percent($0.serviceLevel) })
            expect(page, "nps", service: code, in: lines.map { Format.number($0.nps) })
        }
        #expect(reports[0].total.issued == office.outcome.issued && office.outcome.issued > 40, "a thin day: \(office.outcome)")
    }

    /// A cell equals the figure computed at one of the moments around the page load (a figure
    /// that moves with the clock may change between them).
    static func expect(_ page: String, _ kpi: String, service: String? = nil, in expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let shown = PageValues.value(page, kpi: kpi, service: service)
        #expect(shown.map(expected.contains) == true, "\(kpi) \(service ?? ""): page \(shown ?? "nil"), expected \(expected)", sourceLocation: sourceLocation)
    }

    /// The `<tr data-office="…">` row of the group table.
    static func row(of office: String, in page: String) -> String {
        guard let start = page.range(of: #"<tr data-office="\#(office)""#) else { return "" }
        let rest = page[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }
}
