@testable import CentralServer
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// An office day played by two agents at a real kiosk database, synced to the centre; the
/// monthly quality report's CSV and printable page against figures worked out by hand (issue 16).
@Suite("Monthly quality report at the centre")
struct QualityReportTests {
    /// Tuesday 2026-11-24 08:00 in Bogotá.
    static let morning = Date(timeIntervalSince1970: 1_795_525_200)
    static let verify: PINVerifier = { pin, hash in hash == "test$" + pin }

    /// Minutes after 08:00 (worked out in the comments):
    /// ana (counter 1): P-001 W=5 S=4 first contact, rated 10; P-002 W=8 S=2 written channel.
    /// luis (counter 3): R-001 W=5 S=10 escalated to billing, rated 5; R-002 W=14 no-show.
    static func officeDay(storage: any CentralStorage, directory: TempDirectory) async throws -> (CentralAPI, TestClock) {
        let clock = TestClock(morning)
        let api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet, clock: clock.function)
        let kiosk = try TestKiosk(id: "kiosk-calidad", in: directory, clock: clock)
        try await kiosk.enroll(storage: storage, transport: InProcessTransport(api), office: OfficeScenario.office)
        _ = try await storage.publishDataset(
            name: DatasetName.officeConfig, officeId: OfficeScenario.office,
            rows: DatasetFile.rows(name: DatasetName.officeConfig, json: Fixtures.officeJSON), now: clock.date)
        let store = kiosk.store
        try store.saveAgent(Agent(id: "ana", name: "Ana Pérez", pinHash: "test$1111"))
        try store.saveAgent(Agent(id: "luis", name: "Luis Díaz", pinHash: "test$2222"))
        try store.signIn("ana", pin: "1111", counter: 1, verify: verify)
        try store.signIn("luis", pin: "2222", counter: 3, verify: verify)
        func at(_ minute: Double) { clock.set(morning.addingTimeInterval(minute * 60)) }
        for (minute, service) in [(0.0, "pagos"), (1, "reclamos"), (2, "pagos"), (3, "reclamos")] {
            at(minute)
            _ = try store.issueTurn(service: ServiceCode(service), preferential: false)
        }
        at(5); _ = try store.call(counter: 1)
        at(6); _ = try store.start(counter: 1); _ = try store.call(counter: 3)
        at(7); _ = try store.start(counter: 3)
        at(10)
        _ = try store.finish(counter: 1, record: FinishRecord(types: ["peticion"], resolution: .firstContact))
        _ = try store.rate(.label("P-001"), score: RatingScore(10)!)
        _ = try store.call(counter: 1)
        at(11); _ = try store.start(counter: 1)
        at(13); _ = try store.finish(counter: 1, record: FinishRecord(types: ["queja"], resolution: .writtenChannel))
        at(17)
        let escalated = try store.finish(counter: 3, record: FinishRecord(types: ["reclamo"], resolution: .escalated, area: "facturacion"))
        #expect(escalated.escalation?.due.rawValue == "2026-12-16")  // 15 business days; 8 Dec is a holiday
        _ = try store.rate(.label("R-001"), score: RatingScore(5)!)
        _ = try store.call(counter: 3)
        at(20); _ = try store.noShow(counter: 3)
        at(30)
        _ = try await kiosk.sync(transport: InProcessTransport(api)).syncOnce()
        return (api, clock)
    }

    static func table(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test("per-agent figures and indicators of a two-agent day match the hand computation", arguments: Backend.enabled)
    func twoAgentsDay(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let (api, _) = try await Self.officeDay(storage: storage.storage, directory: storage.directory)
            try await DashboardTests.operators(storage.storage)
            let browser = Session(api)
            #expect(await browser.login("gerente", "clave-de-gerente").status == 303)

            let agents = await browser.get("/dashboard/quality/agents.csv?month=2026-11&office=\(OfficeScenario.office)")
            #expect(agents.status == 200 && agents.header("content-type")?.hasPrefix("text/csv") == true)
            let rows = Self.table(agents.text)
            let ana = try #require(rows.first { $0["agent"] == "ana" })
            #expect(ana["attended"] == "2" && ana["handling_avg_min"] == "3.00" && ana["called"] == "2")
            #expect(ana["wait_avg_min"] == "6.50" && ana["wait_p90_min"] == "8.00" && ana["no_shows"] == "0")
            #expect(ana["ratings"] == "1" && ana["rating_avg"] == "10.00" && ana["nps"] == "100.00")
            #expect(ana["typed_requests"] == "2" && ana["first_contact_resolution_pct"] == "50.00" && ana["escalations_opened"] == "0")
            let luis = try #require(rows.first { $0["agent"] == "luis" })
            #expect(luis["attended"] == "1" && luis["handling_avg_min"] == "10.00" && luis["wait_avg_min"] == "9.50")
            #expect(luis["wait_p90_min"] == "14.00" && luis["no_shows"] == "1" && luis["no_show_rate_pct"] == "50.00")
            #expect(luis["rating_avg"] == "5.00" && luis["nps"] == "-100.00" && luis["first_contact_resolution_pct"] == "0.00")
            #expect(luis["escalations_opened"] == "1" && luis["escalations_open"] == "1" && luis["escalations_overdue"] == "0")
            #expect(rows.count == 2)

            let indicators = Self.table((await browser.get("/dashboard/quality/indicators.csv?month=2026-11")).text)
            func indicator(_ office: String, _ name: String) -> [String: String]? {
                indicators.first { $0["office_id"] == office && $0["indicator"] == name }
            }
            // Waits 5, 5, 8, 14 → 8 min (target 15: met); FCR 1 of 3; NPS (1 − 1) ÷ 2; 2 ratings of 3 served.
            #expect(indicator(OfficeScenario.office, "average_wait")?["value"] == "8.00")
            #expect(indicator(OfficeScenario.office, "average_wait")?["met"] == "yes")
            #expect(indicator(OfficeScenario.office, "first_contact_resolution")?["value"] == "33.33")
            #expect(indicator(OfficeScenario.office, "first_contact_resolution")?["met"] == "no")
            #expect(indicator(OfficeScenario.office, "nps")?["value"] == "0.00")
            #expect(indicator(OfficeScenario.office, "response_rate")?["value"] == "66.67")
            #expect(indicator("*", "average_wait")?["value"] == "8.00")

            let page = await browser.get("/dashboard/quality?month=2026-11")
            #expect(page.status == 200 && page.text.contains("Informe mensual de calidad — noviembre de 2026"))
            #expect(page.text.contains("<td>ana</td><td>2</td>") && page.text.contains("<svg") && page.text.contains("break-after:page"))
            // Today's figures per agent on the office page.
            let office = await browser.get("/dashboard/offices/\(OfficeScenario.office)")
            #expect(office.text.contains(#"<tr data-agent="ana"><td>ana</td><td>2</td><td>3,0</td><td>6,5</td><td>8,0</td><td>0 %</td>"#))
            #expect(office.text.contains(#"<tr data-agent="luis"><td>luis</td><td>1</td><td>10,0</td><td>9,5</td><td>14,0</td><td>50 %</td>"#))
            #expect(await browser.get("/dashboard/quality?month=2026-13").status == 400)
            #expect(await browser.get("/dashboard/quality/other.csv").status == 404)

            let agent = Session(api)
            #expect(await agent.login("agente", "clave-de-agente").status == 303)
            #expect(await agent.get("/dashboard/quality").status == 403)
            #expect(await agent.get("/dashboard/quality/agents.csv").status == 403)
        }
    }

    @Test("escalations by due day: overdue after the term, closed at the centre with the answer", arguments: Backend.enabled)
    func escalationsToClosure(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let (api, clock) = try await Self.officeDay(storage: storage.storage, directory: storage.directory)
            try await DashboardTests.operators(storage.storage)
            let browser = Session(api)
            #expect(await browser.login("agente", "clave-de-agente").status == 303)
            let list = await browser.get("/dashboard/escalations")
            #expect(list.status == 200 && list.text.contains("<td>2026-12-16</td><td>abierto</td>"))
            #expect(list.text.contains("<td>R-001</td><td>Facturación</td><td>Reclamo</td><td>luis</td><td>2026-11-24</td>"))
            #expect(PageValues.value(list.text, kpi: "escalations-overdue") == "Vencidos: 0")
            // The day after the last day of the term it is overdue.
            clock.set(Date(timeIntervalSince1970: 1_795_525_200 + 23 * 86_400))  // 2026-12-17 08:00
            #expect(await browser.login("agente", "clave-de-agente").status == 303)  // the old session expired
            let late = await browser.get("/dashboard/escalations")
            #expect(PageValues.value(late.text, kpi: "escalations-overdue") == "Vencidos: 1" && late.text.contains("data-overdue"))
            let id = try #require(try await storage.storage.escalations(officeId: nil, openOnly: true, limit: 10).first?.opening.id)
            let csrf = try #require(Session.csrf(in: late.text))
            #expect(await browser.post("/dashboard/escalations/\(id)/close", form: ["csrf": csrf, "answer": "  "]).status == 400)
            let closed = await browser.post("/dashboard/escalations/\(id)/close", form: ["csrf": csrf, "answer": "Se ajustó la factura <b>"])
            #expect(closed.status == 303)
            #expect(await browser.post("/dashboard/escalations/\(id)/close", form: ["csrf": csrf, "answer": "otra"]).status == 404)
            let after = await browser.get("/dashboard/escalations?state=all")
            #expect(after.text.contains("Se ajustó la factura &lt;b&gt;") && after.text.contains("(agente)"))
            #expect(PageValues.value(after.text, kpi: "escalations-overdue") == "Vencidos: 0")
            let record = try await storage.storage.escalations(officeId: OfficeScenario.office, openOnly: false, limit: 10)
            #expect(record.count == 1 && record[0].closedBy == "agente" && record[0].opening.agent == "luis")
        }
    }

    @Test("the audit sample per agent, an auditor's checklist, and its score in the monthly report", arguments: Backend.enabled)
    func audits(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let (api, _) = try await Self.officeDay(storage: storage.storage, directory: storage.directory)
            try await DashboardTests.operators(storage.storage)
            let browser = Session(api)
            #expect(await browser.login("gerente", "clave-de-gerente").status == 303)
            let target = "/dashboard/audits?office=\(OfficeScenario.office)&month=2026-11"
            let page = await browser.get(target)
            // Five per agent by default: ana served two, luis one; all are in the sample.
            #expect(page.status == 200)
            #expect(["P-001", "P-002", "R-001"].allSatisfy { page.text.contains(#"data-sample="\#($0)""#) } && !page.text.contains(#"data-sample="R-002""#))
            let csrf = try #require(Session.csrf(in: page.text))
            let r001 = try #require(try await storage.storage.escalations(officeId: nil, openOnly: false, limit: 1).first?.opening.turnId)
            var form = ["csrf": csrf, "office": OfficeScenario.office, "month": "2026-11", "turn": r001,
                        "item-bienvenida": "met", "item-respuesta-efectiva": "not-met", "item-registro": "met", "item-escalamiento": "met"]
            #expect(await browser.post("/dashboard/audits", form: form).status == 400)  // treatment unanswered
            #expect(await browser.post("/dashboard/audits", form: form.merging(["turn": UUID().uuidString, "item-trato": "met"]) { $1 }).status == 400)
            form["item-trato"] = "not-applicable"
            #expect(await browser.post("/dashboard/audits", form: form).status == 303)
            #expect((await browser.get(target)).text.contains(#"data-audit-score="R-001">75 / 100"#))  // 3 met of 4 that apply
            let agents = Self.table((await browser.get("/dashboard/quality/agents.csv?month=2026-11")).text)
            let luis = try #require(agents.first { $0["agent"] == "luis" })
            #expect(luis["audits"] == "1" && luis["audit_score"] == "75.00")
            #expect(agents.first { $0["agent"] == "ana" }?["audits"] == "0")
        }
    }
}
