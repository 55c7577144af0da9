@testable import CentralServer
import Foundation
import SyncProtocol
import Testing
import TurneroCore

/// The detractor team's pages as agents and managers use them (issue 12, findings 3, 4 and 7):
/// the number in full only for the assigned agent, the procedure's closure on the form, the
/// figures it is measured by, and the office's own words for thresholds and names.
@Suite("Call-back pages: assignment, contact, the procedure's closure and figures")
struct CallbackPagesTests {
    /// The office scenario with its detractor's number at the centre and two agents.
    static func scenario(_ storage: TestStorage) async throws -> (OfficeScenario, CallbackRecord) {
        let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
        try await DashboardTests.operators(storage.storage)
        _ = try await storage.storage.addOperator(
            OperatorAccount(name: "beto", role: .agent, passwordHash: try PasswordHash.make("clave-de-beto", rounds: 1_000), createdAt: Date()),
            replace: false)
        let callback = try #require(try scenario.kiosk.store.openCallbacks().first)
        try scenario.kiosk.store.recordContact(callback: callback.id, phone: try #require(ColombianPhone(parsing: "3105550101")))
        _ = try await scenario.kiosk.sync(transport: InProcessTransport(scenario.api)).syncOnce()
        return (scenario, try #require(try await storage.storage.callback(id: callback.id.uuidString)))
    }

    @Test("the assigned agent sees the number, others a masked one; the closure needs reason and outcome")
    func agentWorksTheCallback() async throws {
        try await withTestStorage(.sqlite) { storage in
            let (scenario, callback) = try await Self.scenario(storage)
            let path = "/dashboard/callbacks/\(callback.opening.id)"
            let agente = Session(scenario.api)
            #expect(await agente.login("agente", "clave-de-agente").status == 303)
            // The list assigns open call-backs (balanced): two agents, one call-back.
            let list = await agente.get("/dashboard/callbacks?all=1")
            #expect(list.status == 200)
            let assigned = try #require(try await storage.storage.callback(id: callback.opening.id)?.assignedTo)
            let (holder, other) = assigned == "agente" ? (agente, Session(scenario.api)) : (Session(scenario.api), agente)
            if assigned == "agente" { #expect(await other.login("beto", "clave-de-beto").status == 303) } else {
                #expect(await holder.login("beto", "clave-de-beto").status == 303)
            }
            let mine = await holder.get(path)
            #expect(PageValues.value(mine.text, kpi: "phone")?.contains("310 555 0101") == true, "\(mine.text)")
            let theirs = await other.get(path)
            #expect(theirs.text.contains("310 *** **01") && !theirs.text.contains("310 555 0101"))
            let manager = Session(scenario.api)
            #expect(await manager.login("gerente", "clave-de-gerente").status == 303)
            #expect(!(await manager.get(path)).text.contains("310 555 0101"))
            // The other agent may not work it; the holder must give a reason and an outcome.
            let csrf = try #require(Session.csrf(in: theirs.text))
            let refused = await other.post(path + "/attempts", form: ["csrf": csrf, "result": "no-answer"])
            #expect(refused.status == 400 && refused.text.contains("asignada a"))
            let holderCSRF = try #require(Session.csrf(in: mine.text))
            let missing = await holder.post(path + "/attempts", form: ["csrf": holderCSRF, "result": "contacted", "outcome": "resolved"])
            #expect(missing.status == 400 && missing.text.contains("motivo"))
            let closed = await holder.post(path + "/attempts", form: [
                "csrf": holderCSRF, "result": "contacted", "reason": "trato", "reason_note": "el asesor no explicó",
                "outcome": "technical-visit", "second_survey": "9",
            ])
            #expect(closed.status == 303)
            let record = try #require(try await storage.storage.callback(id: callback.opening.id))
            #expect(record.outcome == .technicalVisit && record.reason == "trato" && record.secondSurvey == 9)
            // The figures: effective contact, reversal, the reasons chart.
            let page = await manager.get("/dashboard/callbacks?closed=1")
            #expect(PageValues.value(page.text, kpi: "effective-contact") == "100 %")
            #expect(PageValues.value(page.text, kpi: "reversal-rate") == "100 %")
            #expect(page.text.contains("Motivos de la baja calificación") && page.text.contains("Trato"))
            // Names and the office's own thresholds, not ids and hard-coded numbers.
            #expect(page.text.contains(Fixtures.office.officeName))
            #expect(page.text.contains("≤ \(Fixtures.office.rating.detractorMaxScore)") && page.text.contains("\(Fixtures.office.rating.callbackHours) h"))
        }
    }

    @Test("a manager reassigns; a call-back with no number is counted apart")
    func reassignAndNoContact() async throws {
        try await withTestStorage(.sqlite) { storage in
            let (scenario, callback) = try await Self.scenario(storage)
            let manager = Session(scenario.api)
            #expect(await manager.login("gerente", "clave-de-gerente").status == 303)
            let page = await manager.get("/dashboard/callbacks/\(callback.opening.id)")
            let csrf = try #require(Session.csrf(in: page.text))
            #expect(await manager.post("/dashboard/callbacks/\(callback.opening.id)/assign", form: ["csrf": csrf, "agent": "beto"]).status == 303)
            #expect(try await storage.storage.callback(id: callback.opening.id)?.assignedTo == "beto")
            #expect(await manager.post("/dashboard/callbacks/\(callback.opening.id)/assign", form: ["csrf": csrf, "agent": "nadie"]).status == 400)
            // A second detractor declines to leave a number.
            let store = scenario.kiosk.store
            let called = try store.call(counter: 1)
            _ = try store.start(counter: 1)
            _ = try store.finish(counter: 1)
            _ = try store.rate(.id(called.turn.id), score: RatingScore(2)!)
            _ = try await scenario.kiosk.sync(transport: InProcessTransport(scenario.api)).syncOnce()
            let list = await manager.get("/dashboard/callbacks")
            #expect(PageValues.value(list.text, kpi: "without-contact") == "1" && PageValues.value(list.text, kpi: "callbacks-open") == "1")
        }
    }

    @Test("reports: office names, definitions on the page, no file of the repository; decimals written 1,6")
    func reportsPage() async throws {
        try await withTestStorage(.sqlite) { storage in
            let (scenario, _) = try await Self.scenario(storage)
            let manager = Session(scenario.api)
            #expect(await manager.login("gerente", "clave-de-gerente").status == 303)
            let page = await manager.get("/dashboard/reports").text
            #expect(page.contains(">\(Fixtures.office.officeName)</option>") && !page.contains("docs/") && page.contains("Nivel de servicio"))
            #expect(Format.minutes(96) == "1,6" && Format.number(-12.5) == "-12,5" && Format.number(40) == "40")
        }
    }
}
