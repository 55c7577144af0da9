@testable import CentralServer
import Foundation
import SyncProtocol
import Testing
import TurneroCore

/// The operators' side through the API in process: sign-in, roles and CSRF, the office page's
/// numbers against `KPICalculator` on the kiosk's own events, heartbeats, readiness, metrics.
@Suite("Dashboard, sign-in, heartbeats and metrics")
struct DashboardTests {
    static func operators(_ storage: any CentralStorage) async throws {
        for (name, role) in [("gerente", OperatorRole.manager), ("agente", .agent)] {
            let hash = try PasswordHash.make("clave-de-\(name)", rounds: 1_000)
            _ = try await storage.addOperator(OperatorAccount(name: name, role: role, passwordHash: hash, createdAt: Date()), replace: false)
        }
    }

    @Test("kiosks online: green when all are, red when one is not, neutral with none enrolled")
    func kioskOnlineSeverity() {
        #expect(OperatorSite.severity(online: 3, of: 3) == "ok")
        #expect(OperatorSite.severity(online: 2, of: 3) == "bad")
        #expect(OperatorSite.severity(online: 0, of: 0) == nil)
    }

    @Test("the office page shows what KPICalculator computes from the kiosk's events, and the kiosk's heartbeat", arguments: Backend.enabled)
    func officeNumbers(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            try await Self.operators(storage.storage)
            let status = KioskStatus(
                sentAt: 0, appVersion: "0.9.0", printer: .paperOut, pendingEvents: 2, oldestPendingAgeSeconds: 300,
                dbEpoch: scenario.kiosk.database.identity.dbEpoch)
            let heartbeat = await scenario.api.respond(to: signed(
                "POST", SyncPaths.status(kioskId: scenario.kiosk.id), body: try SyncJSON.encode(status), kiosk: scenario.kiosk.id,
                key: try scenario.kiosk.signingKey, now: scenario.clock.date))
            #expect(heartbeat.status == 200)

            let browser = Session(scenario.api)
            #expect(await browser.login("gerente", "clave-de-gerente").status == 303)
            let page = await browser.get("/dashboard/offices/\(OfficeScenario.office)")
            #expect(page.status == 200 && page.header("content-type")?.hasPrefix("text/html") == true)
            let html = page.text
            let report = try scenario.expectedReport()
            let waiting = try scenario.kiosk.store.waitingTurns()
            #expect(PageValues.value(html, kpi: "waiting-total") == String(waiting.count))
            #expect(PageValues.value(html, kpi: "waiting", service: "pagos") == String(waiting.count { $0.service == "pagos" }))
            #expect(PageValues.value(html, kpi: "waiting", service: "reclamos") == "1")
            #expect(PageValues.value(html, kpi: "service-level-total") == Format.percent(report.total.serviceLevel))
            #expect(PageValues.value(html, kpi: "wait-p90-total") == Format.minutes(report.total.waitP90))
            #expect(PageValues.value(html, kpi: "no-show-rate-total") == Format.percent(report.total.noShowRate))
            #expect(PageValues.value(html, kpi: "nps-total") == Format.number(report.total.nps))
            #expect(PageValues.value(html, kpi: "response-rate-total") == Format.percent(report.total.ratingResponseRate))
            #expect(PageValues.value(html, kpi: "counters-open") == "2")
            for line in report.services where line.kpis.issued > 0 {
                let code = line.service.rawValue
                #expect(PageValues.value(html, kpi: "wait-p90", service: code) == Format.minutes(line.kpis.waitP90))
                #expect(PageValues.value(html, kpi: "service-level", service: code) == Format.percent(line.kpis.serviceLevel))
                #expect(PageValues.value(html, kpi: "issued", service: code) == String(line.kpis.issued))
            }
            // The longest wait now: P-004 entered at 08:05 and it is 09:34 (under 90 min reads in minutes).
            #expect(PageValues.value(html, kpi: "longest-wait-total") == "89 min")
            #expect(html.contains(#"data-printer="paper_out""#) && html.contains("Sin papel"))
            #expect(PageValues.value(html, kpi: "oldest-pending") == "5 min" && PageValues.value(html, kpi: "pending-events") == "2")
            #expect(html.contains("<svg") && html.contains(#"http-equiv="refresh" content="5""#))
            #expect(page.header("content-security-policy")?.contains("default-src 'none'") == true)

            let group = await browser.get("/dashboard")
            #expect(group.status == 200 && group.text.contains(#"data-office="med-centro""#))
            #expect(PageValues.value(group.text, kpi: "group-waiting") == String(waiting.count))
            #expect(PageValues.value(group.text, kpi: "group-printer-alerts") == "1")
            #expect(await browser.get("/dashboard/offices/nowhere").status == 404)
            #expect(await browser.get("/dashboard/offices/%3Cscript%3E").status == 404)
        }
    }

    @Test("sign-in: cookies HttpOnly and SameSite=Strict, roles, CSRF, rate limit, one-time links, logout")
    func signIn() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await Self.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            let browser = Session(api)
            let anonymous = await browser.get("/dashboard/offices/x?y=1")
            #expect(anonymous.status == 303 && anonymous.header("location") == "/login?next=/dashboard/offices/x%3Fy%3D1")
            #expect(await browser.get("/login").text.contains(#"name="password""#))
            #expect(await browser.login("gerente", "mal").status == 401)
            #expect(await browser.login("nadie", "mal").status == 401)
            let good = await browser.login("gerente", "clave-de-gerente")
            #expect(good.status == 303 && good.header("location") == "/dashboard")
            let cookie = try #require(good.header("set-cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            let page = await browser.get("/dashboard/reports")
            #expect(page.status == 200)
            let csrf = try #require(Session.csrf(in: page.text))
            // A form without the token, or from another origin, is refused.
            #expect(await browser.post("/dashboard/callbacks/x/attempts", form: ["result": "contacted"]).status == 403)
            #expect(await browser.post("/dashboard/callbacks/x/attempts", form: ["result": "contacted", "csrf": csrf], headers: ["origin": "http://evil.test"]).status == 403)
            #expect(await browser.post("/logout", form: ["csrf": csrf]).status == 303)
            #expect(await browser.get("/dashboard").status == 303)

            let agent = Session(api)
            #expect(await agent.login("agente", "clave-de-agente").header("location") == "/dashboard/callbacks")
            #expect(await agent.get("/dashboard").header("location") == "/dashboard/callbacks")
            #expect(await agent.get("/dashboard/reports").status == 403)
            #expect(await agent.get("/dashboard/offices/med-centro").status == 403)
            #expect(await agent.get("/dashboard/callbacks").status == 200)
            #expect(await agent.get("/v1/reports/daily").status == 403)

            // `next` never leaves the dashboard.
            let sneaky = await Session(api).post("/login", form: ["name": "gerente", "password": "clave-de-gerente", "next": "//evil.test/x"])
            #expect(sneaky.status == 303 && sneaky.header("location") == "/dashboard")
            // A one-time link signs in once.
            let token = SecretTokens.make()
            try await storage.storage.addLoginLink(hash: SecretTokens.hash(token), operatorName: "gerente", expiresAt: Date().addingTimeInterval(60))
            let wall = Session(api)
            #expect(await wall.get("/login/link/\(token)").status == 303 && wall.cookie != nil)
            #expect(await wall.get("/dashboard").status == 200)
            #expect(await Session(api).get("/login/link/\(token)").status == 401)

        }
    }

    /// Finding 6 of issue 12: good sign-ins never spend the budget, and wrong passwords typed
    /// elsewhere never lock a manager out.
    @Test("sign-in throttling counts failures per name and address: nobody elsewhere can lock a manager out")
    func signInThrottling() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await Self.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            // Twelve good sign-ins in a row: twelve sessions.
            var good: [Int] = []
            for _ in 0..<12 { good.append(await Session(api, address: "10.0.0.9").login("gerente", "clave-de-gerente").status.code) }
            #expect(good == Array(repeating: 303, count: 12), "\(good)")
            // Fourteen wrong passwords from an attacker's address: throttled there after five.
            var attacker: [Int] = []
            for _ in 0..<14 { attacker.append(await Session(api, address: "203.0.113.66").login("gerente", "adivino").status.code) }
            #expect(attacker.prefix(5).allSatisfy { $0 == 401 } && attacker.suffix(9).allSatisfy { $0 == 429 }, "\(attacker)")
            // The manager, from the office, still gets in.
            #expect(await Session(api, address: "10.0.0.9").login("gerente", "clave-de-gerente").status == 303)
            // Spraying many names from one address is capped too.
            var spray: [Int] = []
            for index in 0..<31 { spray.append(await Session(api, address: "198.51.100.7").login("nadie-\(index)", "x").status.code) }
            #expect(spray.last == 429, "\(spray.suffix(3))")
        }
    }

    @Test("the reports API takes per-user tokens, never a password, and does not throttle its users")
    func reportsAPITokens() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await Self.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            let (token, id) = APITokens.make()
            try await storage.storage.addAPIToken(
                APIToken(id: id, operatorName: "gerente", label: "BI", createdAt: Date(), expiresAt: nil), hash: APITokens.hash(token))
            var statuses: [Int] = []
            for _ in 0..<12 {
                statuses.append(await Session(api).get("/v1/reports/daily", headers: ["authorization": "Bearer \(token)"]).status.code)
            }
            #expect(statuses == Array(repeating: 200, count: 12), "\(statuses)")
            let basic = "Basic " + Data("gerente:clave-de-gerente".utf8).base64EncodedString()
            let refused = await Session(api).get("/v1/reports/daily", headers: ["authorization": basic])
            #expect(refused.status == 401 && refused.text.contains("API token"))
            #expect(await Session(api).get("/v1/reports/daily", headers: ["authorization": "Bearer tnr_forged"]).status == 401)
            // An agent's token does not open the managers' reports.
            let (agentToken, agentId) = APITokens.make()
            try await storage.storage.addAPIToken(
                APIToken(id: agentId, operatorName: "agente", label: "x", createdAt: Date(), expiresAt: nil), hash: APITokens.hash(agentToken))
            #expect(await Session(api).get("/v1/reports/daily", headers: ["authorization": "Bearer \(agentToken)"]).status == 403)
            _ = try await storage.storage.revokeAPIToken(id: id, now: Date())
            #expect(await Session(api).get("/v1/reports/daily", headers: ["authorization": "Bearer \(token)"]).status == 401)
        }
    }

    @Test("a one-time link may land on an office page, never outside the dashboard")
    func loginLinkLanding() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await Self.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            for (next, landing) in [
                ("/dashboard/offices/med-centro", "/dashboard/offices/med-centro"), ("%2Fdashboard%2Fcallbacks", "/dashboard/callbacks"),
                ("//evil.test/dashboard", "/dashboard"), ("https://evil.test", "/dashboard"), ("/metrics", "/dashboard"),
            ] {
                let token = SecretTokens.make()
                try await storage.storage.addLoginLink(hash: SecretTokens.hash(token), operatorName: "gerente", expiresAt: Date().addingTimeInterval(60))
                let wall = Session(api)
                let answer = await wall.get("/login/link/\(token)?next=\(next)")
                #expect(answer.status == 303 && answer.header("location") == landing, "\(next) → \(answer.header("location") ?? "nil")")
                #expect(wall.cookie != nil)
            }
        }
    }

    @Test("heartbeats are signed, versioned and checked; readiness and metrics answer")
    func heartbeatsReadinessMetrics() async throws {
        try await withTestStorage(.sqlite) { storage in
            let metrics = CentralMetrics()
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet, metrics: metrics)
            let secret = [UInt8](repeating: 3, count: 32)
            try await StorageSuiteTests.Centre.enroll(storage.storage, kiosk: "k1", office: "o1", secret: secret)
            try await StorageSuiteTests.Centre.enroll(storage.storage, kiosk: "k2", office: "o1", secret: secret)
            let target = SyncPaths.status(kioskId: "k1")
            let good = try SyncJSON.encode(KioskStatus(sentAt: 1, appVersion: "1", printer: .ok, pendingEvents: 0, oldestPendingAgeSeconds: nil, dbEpoch: nil))
            #expect(await api.respond(to: signed("POST", target, body: good, kiosk: "k1", secret: secret)).status == 200)
            #expect(await api.respond(to: APIRequest(method: "POST", target: target, headers: [:], body: good)).status == 401)
            #expect(await api.respond(to: signed("POST", target, body: good, kiosk: "k2", secret: secret)).status == 403)
            let future = Array(#"{"version":2,"sent_at":1,"printer":"ok","pending_events":0}"#.utf8)
            let refused = await api.respond(to: signed("POST", target, body: future, kiosk: "k1", secret: secret))
            #expect(refused.status == 400 && (try? SyncJSON.decode(ErrorBody.self, from: refused.body))?.error == ErrorCode.unsupportedVersion)
            let newer = Array(#"{"version":1,"sent_at":1,"printer":"laser_on_fire","pending_events":3,"oldest_pending_age_s":9}"#.utf8)
            #expect(await api.respond(to: signed("POST", target, body: newer, kiosk: "k1", secret: secret)).status == 200)
            #expect(try await storage.storage.kioskOverviews().first?.status?.printer == .unknown)
            for garbage in ["{", #"{"version":1}"#, #"{"version":1,"sent_at":1,"printer":"ok","pending_events":-1}"#] {
                #expect(await api.respond(to: signed("POST", target, body: Array(garbage.utf8), kiosk: "k1", secret: secret)).status == 400)
            }
            #expect(await api.respond(to: APIRequest(method: "GET", target: target, headers: [:], body: [])).status == 405)

            let ready = await api.respond(to: APIRequest(method: "GET", target: "/v1/ready", headers: [:], body: []))
            #expect(ready.status == 200 && ready.text.contains(#""storage":"sqlite""#))
            let scrape = await api.respond(to: APIRequest(method: "GET", target: "/metrics", headers: [:], body: []))
            #expect(scrape.status == 200 && scrape.header("content-type")?.hasPrefix("text/plain") == true)
            #expect(scrape.text.contains(#"turnero_central_http_requests_total{route="/v1/kiosks/{kiosk_id}/status",method="POST",status="200"} 2"#), "\(scrape.text.prefix(3000))")
            // Every family says what it counts.
            let families = scrape.text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
            #expect(families.count >= 10)
            for family in families { #expect(scrape.text.contains("# HELP \(family) "), "\(family) has no # HELP") }
            #expect(scrape.text.contains("turnero_central_heartbeats_total 2") && scrape.text.contains("turnero_central_kiosks_enrolled 2"))
            api.beginDraining()
            #expect(await api.respond(to: APIRequest(method: "GET", target: "/v1/ready", headers: [:], body: [])).status == 503)
        }
    }

    @Test("hostile requests to the operators' side never get a 5xx")
    func hostileInput() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await Self.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet, metrics: CentralMetrics())
            let browser = Session(api)
            _ = await browser.login("gerente", "clave-de-gerente")
            var random = SeededGenerator(seed: 42)
            let pieces = ["dashboard", "offices", "callbacks", "reports", "daily.csv", "monthly.csv", "attempts", "login", "link", "..",
                          "%00", "%ZZ", "\u{1F600}", "<script>", "v1", "metrics", "", "a=b&c", "?from=2026-13-45&to=x", "?month=9999-99"]
            for _ in 0..<300 {
                let path = "/" + (0..<Int.random(in: 1...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined(separator: "/")
                let method = ["GET", "POST", "PUT", "DELETE"].randomElement(using: &random)!
                let body = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                let cookie = ["turnero_session=\(String(repeating: "A", count: 43))", "turnero_session=;;", "x", ""].randomElement(using: &random)!
                let response = await browser.send(method, path, body: body, headers: ["cookie": cookie, "content-type": "application/x-www-form-urlencoded"])
                #expect(response.status.code < 500, "\(method) \(path) → \(response.status)")
            }
            for query in ["daily.csv?from=2026-11-30&to=2026-11-01", "daily.csv?from=2020-01-01&to=2026-01-01", "daily.csv?office=..%2F",
                          "monthly.csv?month=2026-1", "monthly.csv?month=2026-13"] {
                #expect(await browser.get("/dashboard/reports/" + query).status == 400, "\(query)")
            }
        }
    }
}

/// A seeded generator for the fuzz loop.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
