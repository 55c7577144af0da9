@testable import CentralServer
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Issue 16's "done when", with real processes only: two agents delivered from a real
/// `turnero-central serve` sign in with their PINs at two `turnero counter` consoles on
/// pseudo-terminals, serve, type and escalate; the kiosk syncs; the per-agent figures, the
/// escalation's term, the monthly report and an audit at the centre — the report and the audit
/// read by headless Chromium — match what this test works out from the kiosk's own event times.
@Suite("An office day at the counter consoles, to the centre's monthly report and audit in Chromium", .serialized,
       .enabled(if: Environment.chromiumEnabled))
struct OfficeDayConsoleJourneyTests {
    static let pins = ["ana": "4821", "luis": "7305"]

    @Test("two agents' day at the consoles matches the centre's figures, report and audit", arguments: Backend.enabled)
    func officeDay(_ backend: Backend) async throws {
        let chromium = try #require(try HeadlessChromium.installed())
        try await withTestStorage(backend) { storage in
            let central = try await RunningCentral.start(database: storage.database)
            defer { central.stop() }
            _ = try await central.command(["user", "add", "gerente", "--role", "manager", "--pbkdf2-rounds", "1000"])
            _ = try await central.command(["user", "add", "agente", "--role", "agent", "--pbkdf2-rounds", "1000"])
            func link(_ next: String) async throws -> String {
                try await central.command(["user", "login-link", "gerente", "--base-url", central.baseURL, "--next", next])
            }

            // The kiosk of med-centro, and its two agents published by the centre (PINs hashed).
            let cli = try TurneroProcess()
            defer { cli.remove() }
            try cli.initialize()
            let code = try await central.command(["enroll-code", "--office", "med-centro"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try cli.run(["sync", "enroll", "--server", central.baseURL, "--code", code]).status == 0)
            let staff = try Self.pins.sorted { $0.key < $1.key }.map { id, pin in
                ["id": id, "name": id == "ana" ? "Ana Pérez" : "Luis Díaz", "pinHash": try PasswordHash.make(pin, rounds: 1000), "active": true] as [String: Any]
            }
            let staffFile = storage.directory.url.appendingPathComponent("staff.json")
            try JSONSerialization.data(withJSONObject: staff).write(to: staffFile)
            _ = try await central.command(["publish-dataset", "staff", staffFile.path, "--office", "med-centro"])
            let pulled = try cli.run(["sync", "once"])
            #expect(pulled.status == 0, "\(pulled.stderr)")
            #expect(try cli.run(["staff", "list"]).stdout.contains("Luis Díaz"))

            // The day: P-001, R-001, P-002, R-002; ana at counter 1 (payments), luis at 3 (claims).
            for service in ["pagos", "reclamos", "pagos", "reclamos"] {
                #expect(try cli.run(["turn", "issue", "--service", service, "--no-print"]).status == 0)
            }
            let ana = try Self.signedIn(cli, "ana", counter: 1)
            let luis = try Self.signedIn(cli, "luis", counter: 3)
            defer { for console in [ana, luis] { console.type("s\r"); _ = console.waitForExit() } }
            Self.step(ana, ["l\r": "Llamando P-001", "a\r": "Atendiendo P-001", "f\r": "Números separados"])
            Self.step(ana, ["1\r": "Resolución", "1\r": "Finalizado P-001 — Petición — resuelto"])
            Self.step(luis, ["l\r": "Llamando R-001", "a\r": "Atendiendo R-001", "f\r": "Números separados"])
            // The customer consents to be called with the answer.
            Self.step(luis, ["3\r": "Resolución", "2\r": "Área a la que escala", "1\r": "Solo si el cliente autoriza"])
            Self.step(luis, ["300 123 4567\r": "contacto autorizado / consented contact: 300 *** **67"])
            Self.step(ana, ["l\r": "Llamando P-002", "a\r": "Atendiendo P-002", "f\r": "Números separados"])
            Self.step(ana, ["2\r": "Resolución", "3\r": "Finalizado P-002 — Queja — remitido"])
            Self.step(luis, ["l\r": "Llamando R-002", "n\r": "No se presentó: R-002"])
            #expect(try cli.run(["rate", "--turn", "P-001", "--score", "10"]).status == 0)
            #expect(try cli.run(["rate", "--turn", "R-001", "--score", "5"]).status == 0)
            // The independent computation, from the times the kiosk recorded (before the upload
            // compacts its outbox).
            let expected = try #require(try OfficeDayExpectation(kioskDatabase: cli.databasePath))
            let synced = try cli.run(["sync", "once"])
            #expect(synced.status == 0, "\(synced.stderr)")
            #expect(!synced.stdout.contains("3001234567") && !synced.stderr.contains("3001234567"))
            #expect(luis.output.contains("respuesta a más tardar el \(expected.due.rawValue)"), "\(luis.screen)")
            let month = String(expected.day.rawValue.prefix(7))
            let manager = try await DashboardClient.signIn(central, as: "gerente")
            let agents = QualityReportTests.table(try await manager.get("/dashboard/quality/agents.csv?month=\(month)&office=med-centro"))
            let anaRow = try #require(agents.first { $0["agent"] == "ana" })
            let luisRow = try #require(agents.first { $0["agent"] == "luis" })
            #expect(agents.count == 2)
            #expect(anaRow["attended"] == "2" && anaRow["called"] == "2" && anaRow["no_shows"] == "0" && anaRow["ratings"] == "1")
            #expect(anaRow["rating_avg"] == "10.00" && anaRow["nps"] == "100.00" && anaRow["typed_requests"] == "2")
            #expect(anaRow["first_contact_resolution_pct"] == "50.00" && anaRow["escalations_opened"] == "0")
            #expect(luisRow["attended"] == "1" && luisRow["called"] == "2" && luisRow["no_shows"] == "1" && luisRow["no_show_rate_pct"] == "50.00")
            #expect(luisRow["rating_avg"] == "5.00" && luisRow["nps"] == "-100.00" && luisRow["first_contact_resolution_pct"] == "0.00")
            #expect(luisRow["escalations_opened"] == "1" && luisRow["escalations_open"] == "1" && luisRow["escalations_overdue"] == "0")
            for (row, figures) in [(anaRow, expected.ana), (luisRow, expected.luis)] {
                #expect(Self.close(row["handling_avg_min"], figures.handling), "handling \(row) vs \(figures)")
                #expect(Self.close(row["wait_avg_min"], figures.waitAverage), "wait \(row) vs \(figures)")
                #expect(Self.close(row["wait_p90_min"], figures.waitP90), "p90 \(row) vs \(figures)")
            }
            let indicators = QualityReportTests.table(try await manager.get("/dashboard/quality/indicators.csv?month=\(month)&office=med-centro"))
            func indicator(_ name: String) -> String? { indicators.first { $0["office_id"] == "med-centro" && $0["indicator"] == name }?["value"] }
            #expect(Self.close(indicator("average_wait"), expected.officeWait), "\(indicators)")
            #expect(indicator("first_contact_resolution") == "33.33" && indicator("nps") == "0.00" && indicator("response_rate") == "66.67")

            let escalations = try await manager.get("/dashboard/escalations")
            // The consented phone reached the centre apart from the events: masked for the manager,
            // in full for the agent who takes the escalation.
            #expect(escalations.contains(#"<span data-contact="masked">300 *** **67</span>"#) && !escalations.contains("300 123 4567"))
            let agent = try await DashboardClient.signIn(central, as: "agente")
            let agentCSRF = try #require(Session.csrf(in: try await agent.get("/dashboard/escalations")))
            #expect(try await agent.post("/dashboard/escalations/\(expected.escalation.uuidString)/take", form: ["csrf": agentCSRF]) == 303)
            let working = try await chromium.dumpDOM(
                try await central.command(["user", "login-link", "agente", "--base-url", central.baseURL, "--next", "/dashboard/escalations"]))
            #expect(working.contains(#"<span data-contact="full">300 123 4567</span>"#))
            #expect(!(try await manager.get("/dashboard/escalations")).contains("300 123 4567"))
            #expect(escalations.contains("<td>R-001</td><td>Facturación</td><td>Reclamo</td><td>luis</td><td>\(expected.day.rawValue)</td>"))
            #expect(escalations.contains("<td>\(expected.due.rawValue)</td><td>abierto</td>"), "\(escalations)")

            // The monthly report in Chromium: one row per agent.
            let report = try await chromium.dumpDOM(try await link("/dashboard/quality?month=\(month)&office=med-centro"))
            #expect(report.contains("Informe mensual de calidad"))
            #expect(report.contains(#"<tr data-agent="ana"><td>ana</td><td>2</td>"#) && report.contains(#"<tr data-agent="luis"><td>luis</td><td>1</td>"#))

            // The audit: the sample in Chromium, the checklist posted as the form would, the score back.
            let audits = "/dashboard/audits?office=med-centro&month=\(month)"
            let sample = try await chromium.dumpDOM(try await link(audits))
            #expect(["P-001", "P-002", "R-001"].allSatisfy { sample.contains(#"data-sample="\#($0)""#) } && !sample.contains(#"data-sample="R-002""#))
            let csrf = try #require(Session.csrf(in: try await manager.get(audits)))
            let posted = try await manager.post("/dashboard/audits", form: [
                "csrf": csrf, "office": "med-centro", "month": month, "turn": expected.r001.uuidString,
                "item-bienvenida": "met", "item-respuesta-efectiva": "not-met", "item-registro": "met", "item-escalamiento": "met",
                "item-trato": "not-applicable",
            ])
            #expect(posted == 303)
            #expect(try await chromium.dumpDOM(try await link(audits)).contains(#"data-audit-score="R-001">75 / 100"#))
            try await chromium.screenshot(try await link(audits), to: try TestArtifacts.path("office-day-audit-\(backend).png"))
            let scored = try await chromium.dumpDOM(try await link("/dashboard/quality?month=\(month)&office=med-centro"))
            #expect(scored.contains("<td>75 (1)</td></tr>"), "no audit score in the report")
            try TestArtifacts.save(scored, as: "office-day-report-\(backend).html")
            try await chromium.screenshot(
                try await link("/dashboard/quality?month=\(month)&office=med-centro"), to: try TestArtifacts.path("office-day-report-\(backend).png"))

            central.stop()
            #expect(!central.log.contains(#""level":"error""#), "the server logged errors: \(central.log.suffix(2_000))")
            #expect(!Self.pins.values.contains { central.log.contains($0) || ana.output.contains($0) || luis.output.contains($0) })
            #expect(!central.log.contains("3001234567") && !central.log.contains("300 123 4567"), "the contact was logged")
            #expect(expected.eventsJSON.contains("escalation.opened") && !expected.eventsJSON.contains("3001234567"), "the contact is in an event")
            let kiosk = QueueStore(database: try TurneroDatabase.open(at: cli.databasePath), configuration: try OfficeDayExpectation.configuration())
            #expect(try kiosk.escalationContacts().isEmpty, "the kiosk kept a contact the centre has")
        }
    }

    /// A console at `counter` with `agent` signed in by PIN.
    static func signedIn(_ cli: TurneroProcess, _ agent: String, counter: Int) throws -> PseudoTerminal {
        let console = try cli.startOnTerminal(["counter", "--counter", "\(counter)"], rows: 40)
        #expect(console.wait(for: "Asesor: nadie"), "\(console.screen)")
        step(console, ["i \(agent)\r": "PIN de \(agent)", "\(pins[agent]!)\r": "Sesión iniciada: \(agent)"])
        return console
    }

    /// Types each line (in order) and waits for what it answers.
    static func step(_ console: PseudoTerminal, _ lines: KeyValuePairs<String, String>) {
        for (line, answer) in lines {
            let before = console.output.components(separatedBy: answer).count
            console.type(line)
            #expect(console.waitUntil { _ in console.output.components(separatedBy: answer).count > before }, "no '\(answer)': \(console.screen)")
        }
    }

    /// Whether a CSV figure in minutes (two decimals) is `seconds` to the rounding.
    static func close(_ text: String?, _ seconds: Double?) -> Bool {
        guard let text, let value = Double(text), let seconds else { return false }
        return abs(value - seconds / 60) <= 0.0051
    }
}
