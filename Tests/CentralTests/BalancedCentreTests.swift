import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TestSupport
import TurneroCore

/// Issue 14: two real `turnero-central serve` processes on one PostgreSQL behind Debian's nginx
/// behave as one centre. A request replayed to the other instance is refused, a sign-in on one
/// is valid on the other, failed sign-ins on one throttle the other, the dashboard is the same
/// through either; and `central-load` through nginx, with one instance SIGKILLed mid-run, ends
/// with nothing lost or duplicated.
@Suite("Two centre instances on one PostgreSQL behind nginx", .serialized,
    .enabled(if: (Environment.postgresEnabled && Nginx.binary != nil) || Environment.isCI))
struct BalancedCentreTests {
    @Test("a replay to the other instance is refused; sessions, throttles and the dashboard are shared")
    func oneCentre() async throws {
        let nginx = try #require(Nginx.binary, "nginx is not installed (kiosk-scripts/setup.sh --test installs it)")
        try await withTestStorage(.postgres) { storage in
            try await DashboardTests.operators(storage.storage)
            _ = try await storage.storage.publishDataset(
                name: DatasetName.officeConfig, officeId: "med-centro",
                rows: DatasetFile.rows(name: DatasetName.officeConfig, json: Fixtures.officeJSON), now: Date())
            let extra = ["--trusted-proxy", "127.0.0.1", "--drain-seconds", "0"]
            let a = try await RunningCentral.start(database: storage.database, extra: extra)
            defer { a.stop() }
            let b = try await RunningCentral.start(database: storage.database, extra: extra)
            defer { b.stop() }
            let port = Int.random(in: 40_000...59_000)
            let proxy = try Nginx.start(nginx, site: """
                upstream turnero_central { server 127.0.0.1:\(a.port); server 127.0.0.1:\(b.port); keepalive 8; }
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        proxy_pass http://turnero_central; proxy_http_version 1.1; proxy_set_header Connection "";
                        proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_next_upstream error timeout;
                    }
                }
                """, prefix: storage.directory.path(""))
            defer { proxy.stop() }
            let balanced = "http://127.0.0.1:\(port)"
            let front = try HTTPTransport(baseURL: balanced, timeout: 5)
            var health: SyncHTTPResponse?
            for _ in 0..<300 where health?.status != 200 {
                health = try? await front.send(SyncHTTPRequest(method: "GET", target: SyncPaths.health))
                if health?.status != 200 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(health?.status == 200, "nginx did not answer: \(proxy.process.stderr.suffix(1_000))")

            // A kiosk enrolled and syncing through the balancer, as in an office.
            let kiosk = try TestKiosk(id: "kiosk-par-1", in: storage.directory, clock: TestClock(Date()))
            let code = try await a.command(["enroll-code", "--office", "med-centro"]).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await Enrollment.enroll(server: balanced, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory)
            try kiosk.store.openCounter(1)
            for service in ["pagos", "pagos", "reclamos"] { _ = try kiosk.store.issueTurn(service: ServiceCode(service), preferential: false) }
            _ = try kiosk.store.call(counter: 1)
            let credentials = try #require(try SyncCredentials.load(stateDirectory: kiosk.directory))
            let sync = try KioskSync(
                database: kiosk.database, credentials: credentials, configuration: Fixtures.syncConfiguration(kiosk.directory),
                logger: Fixtures.quiet)
            #expect(try await sync.syncOnce().uploaded == 5)

            // A signed request answered by one instance, replayed verbatim to the other: refused.
            let probe = try Self.signedProbe(kiosk, epoch: kiosk.database.identity.dbEpoch, next: 6)
            let first = try await HTTPTransport(baseURL: a.baseURL, timeout: 5).send(probe)
            #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")
            let replayed = try await HTTPTransport(baseURL: b.baseURL, timeout: 5).send(probe)
            #expect(replayed.status == 401 && (try? SyncJSON.decode(ErrorBody.self, from: replayed.body))?.error == ErrorCode.replayed)

            // Signed in on one instance, signed in on the other; a form from one is taken by the other.
            let manager = try await DashboardClient.signIn(a, as: "gerente")
            let onB = DashboardClient(transport: try HTTPTransport(baseURL: b.baseURL), cookie: manager.cookie, host: "127.0.0.1:\(b.port)")
            let page = try await onB.get("/dashboard")
            #expect(page.contains(#"data-kpi="offices""#) && page.contains("Oficinas del grupo"), "\(page.prefix(500))")

            // The dashboard is the same through either (figures that do not move with the clock).
            let office = "/dashboard/offices/med-centro"
            var pair: ([String: String], [String: String]) = ([:], [:])
            #expect(try await Self.eventually(seconds: 15) {
                pair = (Self.figures(try await manager.get(office)), Self.figures(try await onB.get(office)))
                return !pair.0.isEmpty && pair.0 == pair.1 && pair.0["waiting-total#0"] == "2"
            }, "A shows \(pair.0), B shows \(pair.1)")

            let csrf = try #require(Session.csrf(in: page))
            #expect(try await manager.post("/logout", form: ["csrf": csrf]) == 303)
            #expect(!(try await onB.get("/dashboard")).contains("Oficinas del grupo"), "the session ended on A is still open on B")

            // Failed sign-ins behind the proxy count per client address, on every instance.
            func login(_ centre: RunningCentral, from address: String) async throws -> Int {
                let body = Array("name=gerente&password=adivino".utf8)
                return try await HTTPTransport(baseURL: centre.baseURL, timeout: 10).send(SyncHTTPRequest(
                    method: "POST", target: "/login",
                    headers: [("content-type", "application/x-www-form-urlencoded"), ("x-forwarded-for", address)], body: body)).status
            }
            var attempts: [Int] = []
            for _ in 0..<5 { attempts.append(try await login(a, from: "203.0.113.7")) }
            attempts.append(try await login(b, from: "203.0.113.7"))
            #expect(attempts == [401, 401, 401, 401, 401, 429], "\(attempts)")
            #expect(try await login(b, from: "203.0.113.8") == 401, "another client behind the same proxy was throttled")
        }
    }

    @Test("central-load through nginx to two instances, one SIGKILLed mid-run: nothing lost, nothing duplicated")
    func loadWithAnInstanceKilled() async throws {
        let nginx = try #require(Nginx.binary, "nginx is not installed (kiosk-scripts/setup.sh --test installs it)")
        let url = try #require(Environment.postgresURL, "CI is set but TURNERO_TEST_POSTGRES_URL is not")
        let directory = try TempDirectory("central-load-balanced")
        defer { directory.remove() }
        let json = directory.path("result.json")
        let binary = LoadSmokeTests.binary
        let run = try await ChildProcess.offPool {
            try ChildProcess.run(
                binary,
                [
                    "--backend", "postgres", "--postgres", url, "--instances", "2", "--kill-at", "0.4", "--kiosks", "60",
                    "--turns", "40", "--day", "10", "--time-limit", "90", "--storms", "1", "--batch", "60",
                    "--central", RunningCentral.binary.path, "--nginx", nginx, "--json", json,
                ],
                timeout: 150)
        }
        #expect(run.status == 0, "central-load failed: \(run.stdout.suffix(2_000)) \(run.stderr.suffix(1_500))")
        #expect(run.stdout.contains("SIGKILLed instance 2"), "\(run.stdout.suffix(1_000))")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        let result = try #require(results.first)
        let events = try #require(result["events"] as? Int)
        #expect(result["stored"] as? Int == events && result["counted"] as? Int == events, "\(result)")
        for zero in ["missing", "mismatched", "dead_letters", "unfinished_kiosks"] {
            #expect(result[zero] as? Int == 0, "\(zero): \(result[zero] ?? "absent")")
        }
        #expect(result["instances"] as? Int == 2 && (result["killed_at"] as? Double ?? -1) > 0)
    }

    /// An empty batch (a probe) signed by the kiosk, as it would send it.
    static func signedProbe(_ kiosk: TestKiosk, epoch: String, next: Int64) throws -> SyncHTTPRequest {
        let body = try SyncJSON.encode(EventBatch(dbEpoch: epoch, events: [], next: next))
        let target = SyncPaths.events(kioskId: kiosk.id)
        var random = SystemRandomNumberGenerator()
        let parts = RequestSignature.sign(
            method: "POST", target: target, body: body, kioskId: kiosk.id, timestamp: Int64(Date().timeIntervalSince1970 * 1000),
            nonce: RequestSignature.makeNonce(using: &random), key: try kiosk.signingKey)
        return SyncHTTPRequest(method: "POST", target: target, headers: parts.headers + [("content-type", "application/json")], body: body)
    }

    /// The page's `data-kpi` figures that do not move with the clock.
    static func figures(_ page: String) -> [String: String] {
        let moving: Set<String> = ["longest-wait", "longest-wait-total", "oldest-pending", "last-contact"]
        var figures: [String: String] = [:]
        var rest = Substring(page)
        while let range = rest.range(of: #"data-kpi=""#) {
            let kpi = String(rest[range.upperBound...].prefix { $0 != "\"" })
            if !moving.contains(kpi), let value = PageValues.value(String(rest[range.lowerBound...]), kpi: kpi) {
                figures[kpi + "#\(figures.count)"] = value
            }
            rest = rest[range.upperBound...]
        }
        return figures
    }

    /// Polls `condition` (never a fixed sleep) until it holds or `seconds` pass.
    static func eventually(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
