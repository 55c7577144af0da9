import CentralServer
import CentralSQLite
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TestSupport
import TurneroStore

/// The real `turnero-central serve` under a hostile network and an operator's SIGTERM
/// (issue 11, findings 4, 5, 6 and 8).
@Suite("Centre connections, drain, shutdown and backups", .serialized)
struct CentreLifecycleTests {
    /// A kiosk enrolled at a running centre over HTTP, with `count` events issued.
    static func kiosk(at centre: RunningCentral, in directory: TempDirectory, id: String = "kiosk-l", events: Int) async throws -> TestKiosk {
        let clock = TestClock(Date())
        let kiosk = try TestKiosk(id: id, in: directory, clock: clock)
        let code = try await centre.command(["enroll-code", "--office", "office-1"])
        _ = try await Enrollment.enroll(
            server: centre.baseURL, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory,
            transport: try HTTPTransport(baseURL: centre.baseURL))
        for index in 0..<events {
            _ = try kiosk.store.issueTurn(service: index % 2 == 0 ? "pagos" : "reclamos", preferential: false)
        }
        return kiosk
    }

    @Test("finding 4: 1,100 silent, half-header and half-body connections under ulimit -n 1024, plus a slowloris: /v1/health answers within 1 s")
    func connectionFlood() async throws {
        RawConnection.raiseFileLimit(to: 4096)
        let directory = try TempDirectory("turnero-flood")
        defer { directory.remove() }
        let centre = try await RunningCentral.start(
            database: directory.path("central.sqlite"), extra: ["--header-timeout", "60", "--body-timeout", "60", "--drain-seconds", "0"], fileLimit: 1024)
        defer { centre.stop() }
        let port = centre.port
        let flood = try await ChildProcess.offPool { () -> [RawConnection] in
            var connections: [RawConnection] = []
            for index in 0..<1_100 {
                let connection = try RawConnection(port: port)
                switch index % 3 {
                case 0: break  // silent
                case 1: connection.send("POST /v1/kiosks/k/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
                default: connection.send("POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"code\":")
                }
                connections.append(connection)
            }
            return connections
        }
        // A slowloris: one header byte every 100 ms for as long as the test runs.
        let slowloris = try RawConnection(port: port)
        let stop = Locked(false)
        let dripping = Task.detached {
            for byte in "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8 + Array(repeating: UInt8(ascii: "a"), count: 10_000) {
                if stop.value { return }
                _ = slowloris.send(String(decoding: [byte], as: UTF8.self))
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let (answer, seconds) = try await ChildProcess.offPool { () -> (String, Double) in
            let started = Date()
            let answer = try RawConnection.get("/v1/health", port: port, timeout: 5)
            return (answer, Date().timeIntervalSince(started))
        }
        stop.withLock { $0 = true }
        await dripping.value
        #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains(#""status":"ok""#), "answer: \(answer.prefix(200))")
        #expect(seconds < 1, "health answered after \(seconds) s")
        #expect(centre.isRunning)
        print("health answered in \(String(format: "%.3f", seconds)) s beside 1,100 idle connections and a slowloris (ulimit -n 1024)")
        for connection in flood { connection.close() }
    }

    @Test("finding 5: SIGTERM while a client stalls in its body: the body is cut at the read timeout, the exit is bounded")
    func sigtermWithStalledBody() async throws {
        let directory = try TempDirectory("turnero-stall")
        defer { directory.remove() }
        let centre = try await RunningCentral.start(
            database: directory.path("central.sqlite"), extra: ["--drain-seconds", "0.5", "--body-timeout", "2"])
        let stalled = try RawConnection(port: centre.port)
        stalled.send("POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        // The server holds the request (its head arrived) before the signal.
        #expect(try RawConnection.get("/v1/health", port: centre.port).hasPrefix("HTTP/1.1 200"))
        centre.signal(SIGTERM)
        let seconds = await centre.waitForExit(timeout: 20)
        #expect(seconds != nil && seconds! < 0.5 + 2 + 3, "exit took \(seconds.map { "\($0) s" } ?? "over 20 s")")
        #expect(centre.exitStatus == 0)
        #expect(stalled.closedByPeer(timeout: 1))
    }

    @Test("finding 6: after SIGTERM /v1/ready answers 503, uploads 503 + Retry-After, health 200, for the drain window")
    func drainWindow() async throws {
        let directory = try TempDirectory("turnero-drain")
        defer { directory.remove() }
        let centre = try await RunningCentral.start(database: directory.path("central.sqlite"), extra: ["--drain-seconds", "4"])
        let kiosk = try await Self.kiosk(at: centre, in: directory, events: 3)
        #expect(try RawConnection.get("/v1/ready", port: centre.port).hasPrefix("HTTP/1.1 200"))
        centre.signal(SIGTERM)
        // Wait for the drain to begin (the signal is handled asynchronously).
        var ready = ""
        for _ in 0..<200 {
            ready = try RawConnection.get("/v1/ready", port: centre.port)
            if ready.hasPrefix("HTTP/1.1 503") { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(ready.hasPrefix("HTTP/1.1 503") && ready.lowercased().contains("retry-after:"), "ready: \(ready.prefix(200))")
        #expect(try RawConnection.get("/v1/health", port: centre.port).hasPrefix("HTTP/1.1 200"))
        let sync = try kiosk.sync(transport: try HTTPTransport(baseURL: centre.baseURL))
        do {
            _ = try await sync.uploadRound(batchSize: 10)
            Issue.record("an upload was taken while draining")
        } catch {
            #expect(error.code == .rejected && (error.retryAfter ?? 0) >= 1, "\(error)")
        }
        #expect(try kiosk.database.syncMarks().acceptedThrough == 0)
        let seconds = await centre.waitForExit(timeout: 20)
        #expect(seconds != nil && seconds! < 4 + 60)
        #expect(centre.exitStatus == 0)
    }

    @Test("SIGTERM under load: bounded exit, and every event a kiosk saw acknowledged is in the database")
    func sigtermUnderLoad() async throws {
        let directory = try TempDirectory("turnero-term-load")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let centre = try await RunningCentral.start(database: database, extra: ["--drain-seconds", "0.3", "--body-timeout", "3"])
        let kiosks = try await [
            Self.kiosk(at: centre, in: directory, id: "kiosk-a", events: 600),
            Self.kiosk(at: centre, in: directory, id: "kiosk-b", events: 600),
        ]
        let transport = try HTTPTransport(baseURL: centre.baseURL, timeout: 5)
        let uploaders = try kiosks.map { kiosk in
            let sync = try kiosk.sync(transport: transport)
            return Task {
                var failures = 0
                while failures < 20, (try? kiosk.database.syncRecord().pending) ?? 0 > 0 {
                    do { _ = try await sync.uploadRound(batchSize: 20) } catch { failures += 1 }
                }
            }
        }
        // SIGTERM once uploads are well under way.
        while (try kiosks[0].database.syncMarks().acceptedThrough) < 100 { try await Task.sleep(for: .milliseconds(5)) }
        centre.signal(SIGTERM)
        let seconds = await centre.waitForExit(timeout: 30)
        for uploader in uploaders { await uploader.value }
        #expect(seconds != nil && seconds! < 0.3 + 3 + 5, "exit took \(seconds.map { "\($0) s" } ?? "over 30 s")")
        let storage = try SQLiteCentralStorage(path: database)
        for kiosk in kiosks {
            let acknowledged = try kiosk.database.syncMarks().acceptedThrough
            let stored = Set(try await storage.storedEvents(kioskId: kiosk.id).map(\.seq))
            #expect(acknowledged > 0 && (1...acknowledged).allSatisfy(stored.contains), "\(kiosk.id): acknowledged \(acknowledged)")
        }
        // Started again, the kiosks finish and the centre holds exactly their events.
        try storage.close()
        let again = try await RunningCentral.start(database: database)
        defer { again.stop() }
        let retry = try HTTPTransport(baseURL: again.baseURL)
        let reopened = try SQLiteCentralStorage(path: database)
        for kiosk in kiosks {
            _ = try await kiosk.sync(transport: retry).syncOnce()
            #expect(try await reopened.storedEvents(kioskId: kiosk.id).map(\.seq) == Array(1...600))
            #expect(try await reopened.countedEvents(kioskId: kiosk.id) == 600)
        }
    }

    @Test("finding 8: a graceful stop checkpoints the WAL: a copy of the main file alone holds everything")
    func checkpointOnShutdown() async throws {
        let directory = try TempDirectory("turnero-wal")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let centre = try await RunningCentral.start(database: database, extra: ["--drain-seconds", "0"])
        let kiosk = try await Self.kiosk(at: centre, in: directory, events: 40)
        #expect(try await kiosk.sync(transport: try HTTPTransport(baseURL: centre.baseURL)).syncOnce().uploaded == 40)
        centre.stop()
        let copy = directory.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: database, toPath: copy)  // the main file only, no -wal
        let storage = try SQLiteCentralStorage(path: copy)
        #expect(try await storage.eventTotals(kioskId: kiosk.id).events == 40)
        #expect(try await storage.credential(kioskId: kiosk.id) != nil)
        try storage.close()
    }

    @Test("backup, then restore into a fresh centre: the kiosk catches up, nothing lost or doubled", arguments: Backend.enabled)
    func backupAndRestore(_ backend: Backend) async throws {
        let test = try await TestStorage(backend)
        let directory = try TempDirectory("turnero-restore-fresh")
        defer { directory.remove() }
        do {
            let centre = try await RunningCentral.start(database: test.database, extra: ["--drain-seconds", "0"])
            let kiosk = try await Self.kiosk(at: centre, in: directory, events: 30)
            let transport = try HTTPTransport(baseURL: centre.baseURL)
            #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 30)
            let backup = directory.path("central.backup")
            try await centre.command(["backup", backup])
            for _ in 0..<20 { _ = try kiosk.store.issueTurn(service: "pagos", preferential: false) }
            #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 20)
            centre.stop()

            // The centre's database is lost; a fresh one is restored from the backup.
            let fresh: String
            switch backend {
            case .sqlite:
                fresh = directory.path("fresh.sqlite")
            case .postgres:
                try await test.dropSchemaOnly()
                fresh = test.database
            }
            let restored = try await ChildProcess.offPool {
                try ChildProcess.output(RunningCentral.binary, ["restore", backup, "--database", fresh])
            }
            #expect(restored.contains("30 event(s)"), "\(restored)")
            let again = try await RunningCentral.start(database: fresh, extra: ["--drain-seconds", "0"])
            defer { again.stop() }
            let report = try await kiosk.sync(transport: try HTTPTransport(baseURL: again.baseURL)).syncOnce()
            #expect(report.rewinds == 1 && report.uploaded == 20)
            let stats = try await again.command(["stats"])
            #expect(stats.contains(#""counted":50"#) && stats.contains(#""events":50"#), "\(stats)")
            // A second restore over a live database is refused without --replace.
            let refused = try await ChildProcess.offPool { try ChildProcess.run(RunningCentral.binary, ["restore", backup, "--database", fresh]) }
            #expect(refused.status != 0 && refused.stderr.contains("--replace"))
        } catch {
            await test.close()
            throw error
        }
        await test.close()
    }
}
