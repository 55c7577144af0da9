import CentralServer
import CentralSQLite
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// The real `turnero` and `turnero-central` binaries, SIGKILLed at seeded moments.
@Suite("Sync processes", .serialized)
struct ProcessTests {
    static let turnero = TurneroProcess.binary
    static let central = TurneroProcess.binary.deletingLastPathComponent().appendingPathComponent("turnero-central")

    typealias Child = ChildProcess

    /// Starts `turnero-central serve` and waits for its port.
    static func startCentral(database: String, port: Int = 0) throws -> (Child, Int) {
        var started: (Child, Int)?
        // The port of a killed centre may still be held for a moment: start again until it binds.
        try Waiting.blockingUntil(timeout: .seconds(30)) {
            let child = try Child(central, ["serve", "--database", database, "--port", String(port), "--log-level", "warning"])
            var bound: Int?
            Waiting.blockingUntil(timeout: .seconds(15)) {
                bound = child.stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") })
                    .flatMap { Int($0.dropFirst("listening on ".count)) }
                return bound != nil || !child.process.isRunning
            }
            guard let bound else {
                child.stop(SIGKILL)
                return false
            }
            started = (child, bound)
            return true
        }
        guard let started else { throw InjectedFault(description: "turnero-central did not start") }
        return started
    }

    static func enroll(_ kiosk: TestKiosk, database: String, port: Int) throws {
        let code = try Child.run(central, ["enroll-code", "--database", database, "--office", "office-1"])
        #expect(code.status == 0, "\(code.stderr)")
        let enrolled = try Child.run(turnero, [
            "sync", "enroll", "--state-dir", kiosk.directory, "--server", "http://127.0.0.1:\(port)", "--code",
            code.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
    }

    /// The centre's events of `kiosk` equal the kiosk's outbox: same seqs, ids and payloads.
    static func expectCentreEqualsKiosk(_ kiosk: TestKiosk, database: String) async throws {
        let storage = try SQLiteCentralStorage(path: database)
        let stored = try await storage.storedEvents(kioskId: kiosk.id)
        let centre = stored.map { "\($0.seq) \($0.eventId ?? "") \($0.payload)" }
        let local = try kiosk.outbox().map { "\($0.seq) \($0.event.id.uuidString.lowercased()) \($0.payloadJSON)" }
        #expect(centre.count == local.count && centre == local, "centre \(centre.count) events, kiosk \(local.count)")
        #expect(try await storage.countedEvents(kioskId: kiosk.id) == Int64(local.count))
        try storage.close()
    }

    @Test("the centre SIGKILLed mid-batch five times and restarted: nothing lost, nothing doubled")
    func centreKilledMidBatch() async throws {
        let directory = try TempDirectory("turnero-kill-centre")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let kiosk = try TestKiosk(id: "kiosk-k", in: directory)
        try kiosk.issue(1500)
        var (server, port) = try Self.startCentral(database: database)
        try Self.enroll(kiosk, database: database, port: port)
        let sync = try Child(Self.turnero, [
            "sync", "run", "--state-dir", kiosk.directory, "--interval", "0.05", "--max-backoff", "0.2", "--batch-size", "40",
        ])
        var random = SplitMix64(seed: 4242)
        var kills: [Int64] = []
        for _ in 0..<5 {
            // Killed while uploads are under way: once the kiosk has seen a seeded number of
            // further events acknowledged (not after a delay a loaded machine may not fill).
            let target = try kiosk.database.syncMarks().acceptedThrough + Int64.random(in: 40...250, using: &random)
            try Waiting.blockingUntil(timeout: .seconds(60)) {
                try kiosk.database.syncMarks().acceptedThrough >= target || kiosk.database.syncRecord().pending == 0
            }
            kills.append(try kiosk.database.syncMarks().acceptedThrough)
            server.stop(SIGKILL)
            (server, port) = try Self.startCentral(database: database, port: port)
        }
        print("centre SIGKILLed with the kiosk acknowledged through \(kills) (seed 4242)")
        try Waiting.blockingUntil(timeout: .seconds(90)) { try kiosk.database.syncRecord().pending == 0 }
        sync.stop(SIGTERM)
        server.stop(SIGTERM)
        #expect(try kiosk.database.syncRecord().pending == 0, "sync run stderr: \(sync.stderr.suffix(2000))")
        try await Self.expectCentreEqualsKiosk(kiosk, database: database)
    }

    @Test("the kiosk SIGKILLed mid-sync six times: the next sync completes, nothing lost or doubled, db check passes")
    func kioskKilledMidSync() async throws {
        let directory = try TempDirectory("turnero-kill-kiosk")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let server = try await RunningServer.start(database: database)
        let kiosk = try TestKiosk(id: "kiosk-m", in: directory)
        try kiosk.issue(1500)
        try await kiosk.enroll(storage: server.storage, transport: HTTPTransport(baseURL: server.url), server: server.url)
        var random = SplitMix64(seed: 777)
        var kills: [Int64] = []
        for _ in 0..<6 {
            let child = try Child(Self.turnero, ["sync", "once", "--state-dir", kiosk.directory, "--batch-size", "30"])
            // Killed mid-sync: after a seeded number of further events was acknowledged.
            let target = try kiosk.database.syncMarks().acceptedThrough + Int64.random(in: 30...300, using: &random)
            // Awaited, never blocking a pool thread: the centre answering the child runs in this process.
            try await Waiting.until(timeout: .seconds(60)) {
                try kiosk.database.syncMarks().acceptedThrough >= target || !child.process.isRunning
            }
            kills.append(try kiosk.database.syncMarks().acceptedThrough)
            if !child.process.isRunning { print("sync once ended by itself (\(child.process.terminationStatus)): \(child.stderr.suffix(500))") }
            child.stop(SIGKILL)
        }
        print("kiosk SIGKILLed acknowledged through \(kills) (seed 777)")
        let state = kiosk.directory
        let final = try await ChildProcess.offPool { try Child.run(Self.turnero, ["sync", "once", "--state-dir", state, "--json"]) }
        #expect(final.status == 0, "\(final.stderr)")
        let check = try await ChildProcess.offPool { try Child.run(Self.turnero, ["db", "check", "--state-dir", state]) }
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        try kiosk.reopen()
        #expect(try kiosk.database.syncRecord().pending == 0)
        await server.stop()
        try await Self.expectCentreEqualsKiosk(kiosk, database: database)
    }

    /// Issue 17: `turnero sync run` with a ten-minute interval uploads what another process (a
    /// counter, here this test's own connection) records within 2 s, because it watches the outbox.
    /// Real processes on loopback: no test task shares their threads.
    @Test("sync run uploads an event another process records within 2 s (interval 10 min, no poke)")
    func newEventsGoUpWithinTwoSeconds() async throws {
        let directory = try TempDirectory("turnero-wake-process")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let kiosk = try TestKiosk(id: "kiosk-wake", in: directory)
        let (server, port) = try Self.startCentral(database: database)
        defer { server.stop(SIGTERM) }
        try Self.enroll(kiosk, database: database, port: port)
        let sync = try Child(Self.turnero, ["sync", "run", "--state-dir", kiosk.directory, "--interval", "600"])
        defer { sync.stop(SIGTERM) }
        var lags: [Double] = []
        for _ in 0..<5 {
            try kiosk.issue(1)
            let recorded = Date()
            try await Waiting.until(timeout: .seconds(60)) { try kiosk.database.syncRecord().pending == 0 }
            lags.append(Date().timeIntervalSince(recorded))
        }
        print("near-real-time (processes): event recorded → acknowledged by the centre: \(lags.map { String(format: "%.3f", $0) }) s")
        #expect(try kiosk.database.syncRecord().pending == 0, "sync run stderr: \(sync.stderr.suffix(2000))")
        #expect(lags.sorted()[2] < 2, "median event → centre \(lags) s")
        #expect(lags.allSatisfy { $0 < 5 }, "event → centre \(lags) s")
    }

    @Test("CLI: init, issue, enroll, status, sync once, datasets, status --json")
    func commandLine() async throws {
        let directory = try TempDirectory("turnero-cli-sync")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let state = directory.path("kiosk")
        let (server, port) = try Self.startCentral(database: database)
        defer { server.stop(SIGTERM) }
        #expect(try Child.run(Self.turnero, ["init", "--state-dir", state, "--config", TurneroProcess.exampleConfig, "--kiosk-id", "kiosk-cli"]).status == 0)
        for _ in 0..<3 { #expect(try Child.run(Self.turnero, ["turn", "issue", "--state-dir", state, "--service", "pagos"]).status == 0) }
        let notEnrolled = try Child.run(Self.turnero, ["sync", "once", "--state-dir", state])
        #expect(notEnrolled.status == 78 && notEnrolled.stderr.contains("not enrolled"))
        let badCode = try Child.run(Self.turnero, ["sync", "enroll", "--state-dir", state, "--server", "http://127.0.0.1:\(port)", "--code", "AAAA-BBBB-CCCC"])
        #expect(badCode.status == 77)
        let code = try Child.run(Self.central, ["enroll-code", "--database", database, "--office", "office-1"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let enroll = try Child.run(Self.turnero, ["sync", "enroll", "--state-dir", state, "--server", "http://127.0.0.1:\(port)", "--code", code])
        #expect(enroll.status == 0 && !enroll.stdout.contains("secret"))
        let before = try Child.run(Self.turnero, ["status", "--state-dir", state, "--json"])
        let beforeJSON = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any]
        #expect(beforeJSON?["pending"] as? Int == 3 && beforeJSON?["enrolled"] as? Bool == true)
        let bills = directory.path("bills.json")
        try Data(#"""
            [{"account":"10012345","holder_name":"ANA PEREZ","bill_number":"F-1","total_due":"120000","due_date":"2026-12-15"},
             {"account":"10023456","holder_name":"LUIS GOMEZ","bill_number":"F-2","total_due":"34000","due_date":"2026-12-15"}]
            """#.utf8).write(to: URL(fileURLWithPath: bills))
        #expect(try Child.run(Self.central, ["publish-dataset", "--database", database, "bills", bills]).status == 0)
        let once = try Child.run(Self.turnero, ["sync", "once", "--state-dir", state])
        #expect(once.status == 0 && once.stdout.contains("uploaded 3 event(s)") && once.stdout.contains("bills v1"), "\(once.stdout) \(once.stderr)")
        let after = try Child.run(Self.turnero, ["status", "--state-dir", state])
        #expect(after.stdout.contains("pending events: 0") && after.stdout.contains("bills v1"), "\(after.stdout)")
        let stats = try Child.run(Self.central, ["stats", "--database", database])
        #expect(stats.stdout.contains(#""events":3"#), "\(stats.stdout)")
        // SIGTERM: a graceful stop (exit 0, "stopped" logged); then a down centre: exit 69.
        server.stop(SIGTERM)
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        #expect(try Child.run(Self.turnero, ["turn", "issue", "--state-dir", state, "--service", "pagos"]).status == 0)
        let down = try Child.run(Self.turnero, ["sync", "once", "--state-dir", state])
        #expect(down.status == 69)
        let status = try Child.run(Self.turnero, ["status", "--state-dir", state])
        #expect(status.stdout.contains("pending events: 1") && status.stdout.contains("last error"), "\(status.stdout)")
    }
}
