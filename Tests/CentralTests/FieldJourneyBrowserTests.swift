@testable import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing

/// Issue 12 end to end, with real processes only: a real `turnero kiosk` on a pseudo-terminal,
/// enrolled at a real `turnero-central serve`, syncing by itself; headless Chromium signed in as
/// the manager and the agent. The printer runs out of paper under the running kiosk and the
/// dashboard says so within 10 s; a detractor rates with the ticket's code and leaves a number;
/// the agent it is assigned to calls, records the reason, the outcome and the second survey;
/// the closure comes back to the kiosk.
@Suite("Field journey in headless Chromium: printer state and a call-back, kiosk to centre and back", .serialized,
       .enabled(if: Environment.chromiumEnabled))
struct FieldJourneyBrowserTests {
    @Test("paper-out and a detractor's call-back flow from a running kiosk to the dashboard and back", arguments: Backend.enabled)
    func fieldJourney(_ backend: Backend) async throws {
        let chromium = try #require(try HeadlessChromium.installed())
        try await withTestStorage(backend) { storage in
            let central = try await RunningCentral.start(database: storage.database)
            defer { central.stop() }
            _ = try await central.command(["user", "add", "gerente", "--role", "manager", "--pbkdf2-rounds", "1000"])
            _ = try await central.command(["user", "add", "agente", "--role", "agent", "--pbkdf2-rounds", "1000"])
            func page(_ user: String, _ next: String) async throws -> String {
                try await chromium.dumpDOM(try await central.command(["user", "login-link", user, "--base-url", central.baseURL, "--next", next]))
            }

            // A kiosk of med-centro, enrolled by the README's steps, running its front and sync.
            let cli = try TurneroProcess()
            defer { cli.remove() }
            try cli.initialize()
            let code = try await central.command(["enroll-code", "--office", "med-centro"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let enrolled = try cli.run(["sync", "enroll", "--server", central.baseURL, "--code", code])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            let kiosk = try cli.startOnTerminal(["kiosk"])
            defer { kiosk.process.terminate(); _ = kiosk.waitForExit() }
            #expect(kiosk.wait(for: "Tomar un turno"), "\(kiosk.screen)")
            let office = "/dashboard/offices/med-centro"
            #expect(try await Self.eventually(seconds: 20) { try await page("gerente", office).contains(#"data-printer="ok""#) },
                    "the kiosk's heartbeat never reached the office page")

            // Paper out under the running kiosk: "Sin papel" on the office page and the group view.
            let faults = cli.stateDirectory.appendingPathComponent("tickets/FAULTS")
            try "paper-out".write(to: faults, atomically: true, encoding: .utf8)
            let outAt = Date()
            #expect(kiosk.wait(for: "FUERA DE SERVICIO"), "\(kiosk.screen)")
            var shown = ""
            #expect(try await Self.eventually(seconds: 15) {
                shown = try await page("gerente", office)
                return shown.contains(#"data-alert="paper_out""#)
            }, "no paper-out alert on the office page")
            let lag = Date().timeIntervalSince(outAt)
            #expect(lag < 10, "paper-out took \(lag) s to reach the dashboard")
            #expect(shown.contains("sin papel") && shown.contains(#"data-printer="paper_out""#))
            #expect(try await page("gerente", "/dashboard").contains(#"data-alert="paper_out""#))
            try TestArtifacts.save(shown, as: "field-paper-out-\(backend).html")
            try await chromium.screenshot(
                try await central.command(["user", "login-link", "gerente", "--base-url", central.baseURL, "--next", office]),
                to: try TestArtifacts.path("field-paper-out-\(backend).png"))
            try "".write(to: faults, atomically: true, encoding: .utf8)
            #expect(kiosk.wait(for: "Tomar un turno"), "\(kiosk.screen)")

            // A detractor, served at counter 1, rates at the kiosk with the ticket's code.
            let served = try #require(try RatingJourney.serve(cli))
            kiosk.type("3\r\(served.label)\r\(served.code)\r")
            #expect(kiosk.wait(for: "¿Cómo calificaría la atención?"), "\(kiosk.screen)")
            kiosk.type("2\r")
            #expect(kiosk.wait(for: "¿Podemos llamarle?"), "\(kiosk.screen)")
            kiosk.type("1\r3001234567\r")
            #expect(kiosk.wait(for: "¡Gracias!"), "\(kiosk.screen)")
            var callback: CallbackRecord?
            #expect(try await Self.eventually(seconds: 20) {
                callback = try await storage.storage.callbacks(CallbackFilter(officeId: "med-centro")).first
                return callback?.phone != nil
            }, "the number never reached the centre")
            let id = try #require(callback?.opening.id)

            // The agent's list assigns it; the agent sees the number in full and works it.
            #expect(try await page("agente", "/dashboard/callbacks").contains(#"data-callback="\#(id)""#))
            let agentView = try await page("agente", "/dashboard/callbacks/\(id)")
            #expect(PageValues.value(agentView, kpi: "phone") == "300 123 4567" && PageValues.value(agentView, kpi: "assigned") == "agente")
            #expect(!(try await page("gerente", "/dashboard/callbacks/\(id)")).contains("300 123 4567"))
            let agent = try await DashboardClient.signIn(central, as: "agente")
            let form = try await agent.get("/dashboard/callbacks/\(id)")
            let csrf = try #require(Session.csrf(in: form))
            let posted = try await agent.post("/dashboard/callbacks/\(id)/attempts", form: [
                "csrf": csrf, "result": "contacted", "reason": "tiempo-espera", "reason_note": "esperó 50 minutos",
                "outcome": "escalated", "area": "facturacion", "second_survey": "9",
            ])
            #expect(posted == 303)
            let closed = try await page("gerente", "/dashboard/callbacks/\(id)")
            #expect(PageValues.value(closed, kpi: "outcome") == "escalado" && PageValues.value(closed, kpi: "reason") == "Tiempo de espera")
            #expect(PageValues.value(closed, kpi: "second-survey") == "9" && PageValues.value(closed, kpi: "area") == "Facturación")
            try await chromium.screenshot(
                try await central.command(["user", "login-link", "gerente", "--base-url", central.baseURL, "--next", "/dashboard/callbacks/\(id)"]),
                to: try TestArtifacts.path("field-callback-\(backend).png"))
            let list = try await page("gerente", "/dashboard/callbacks?closed=1")
            #expect(PageValues.value(list, kpi: "effective-contact") == "100 %" && PageValues.value(list, kpi: "reversal-rate") == "100 %")

            // Back at the office: the next thing the kiosk records brings the closure down (once the
            // thank-you screen has gone back home: a key pressed on it only dismisses it).
            #expect(kiosk.wait(for: "Tomar un turno"), "\(kiosk.screen)")
            kiosk.type("1\r1\r2\r")
            #expect(kiosk.wait(for: "Recoja su turno"), "\(kiosk.screen)")
            #expect(try await Self.eventually(seconds: 20) {
                try cli.run(["callbacks", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
            }, "the centre's closure never reached the kiosk")
            #expect(try await Self.eventually(seconds: 20) {
                try await storage.storage.callback(id: id)?.kioskClosedAt != nil
            }, "the kiosk's record of the closure never reached the centre")
            central.stop()
            #expect(!central.log.contains(#""level":"error""#), "the server logged errors: \(central.log.suffix(2_000))")
            #expect(!central.log.contains("3001234567"), "the number was logged")
        }
    }

    /// Polls `condition` every 0.5 s until it holds or `seconds` pass.
    static func eventually(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return try await condition()
    }
}

/// Serving a turn at counter 1 through the command line, as staff would.
enum RatingJourney {
    static func serve(_ cli: TurneroProcess) throws -> (label: String, code: String)? {
        let issued = try cli.run(["turn", "issue", "--service", "pagos", "--json", "--no-print"])
        guard let json = try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any],
            let label = json["label"] as? String, let code = json["ratingCode"] as? String
        else { return nil }
        try cli.run(["counter", "open", "--counter", "1"])
        try cli.run(["counter", "call", "--counter", "1"])
        try cli.run(["counter", "start", "--counter", "1"])
        try cli.run(["counter", "finish", "--counter", "1"])
        return (label, code)
    }
}

/// An operator's browser without the browser: a one-time link, then the session cookie.
struct DashboardClient {
    let transport: HTTPTransport
    let cookie: String
    let host: String

    static func signIn(_ central: RunningCentral, as user: String) async throws -> DashboardClient {
        let link = try await central.command(["user", "login-link", user, "--base-url", central.baseURL])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let transport = try HTTPTransport(baseURL: central.baseURL)
        let target = String(link.dropFirst(central.baseURL.count))
        let answer = try await transport.send(SyncHTTPRequest(method: "GET", target: target, headers: [], body: []))
        guard answer.status == 303, let cookie = answer.headers["set-cookie"]?.split(separator: ";").first else {
            throw TestFailure("the login link did not sign in (\(answer.status))")
        }
        return DashboardClient(transport: transport, cookie: String(cookie), host: String(central.baseURL.dropFirst("http://".count)))
    }

    func get(_ target: String) async throws -> String {
        let answer = try await transport.send(SyncHTTPRequest(method: "GET", target: target, headers: [("cookie", cookie)], body: []))
        return String(decoding: answer.body, as: UTF8.self)
    }

    func post(_ target: String, form: [String: String]) async throws -> Int {
        let body = form.map { "\(FormCoding.encode($0.key))=\(FormCoding.encode($0.value))" }.joined(separator: "&")
        let headers = [
            ("cookie", cookie), ("content-type", "application/x-www-form-urlencoded"), ("origin", "http://\(host)"),
        ]
        return try await transport.send(SyncHTTPRequest(method: "POST", target: target, headers: headers, body: Array(body.utf8))).status
    }
}
