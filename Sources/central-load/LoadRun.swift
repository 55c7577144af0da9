import CentralPostgres
import CentralSQLite
import CentralServer
import Foundation
import Logging
import Synchronization
import SyncClient
import SyncProtocol
import TurneroCore

/// What one run measured.
struct LoadResult: Sendable {
    var backend: String
    var kiosks = 0
    var events = 0
    var seconds = 0.0
    var requests = 0
    var uploads = 0
    var byStatus: [Int: Int] = [:]
    var transportErrors = 0
    var lostAnswers = 0
    var abortedConnections = 0
    var duplicatesReported = 0
    var gaps = 0
    var latencies: [Double] = []
    var storms = 0
    var stormKiosks = 0
    // Verification at the end.
    var storedEvents: Int64 = 0
    var counted: Int64 = 0
    var deadLetters: Int64 = 0
    var missing = 0
    var mismatched = 0
    var unfinishedKiosks = 0
    /// Lines the server logged at `error`.
    var serverErrors = 0
    /// Centres on the database, and when one of them was SIGKILLed (seconds into the run).
    var instances = 1
    var killedAt: Double?

    var passed: Bool {
        storedEvents == Int64(events) && counted == Int64(events) && deadLetters == 0 && missing == 0 && mismatched == 0
            && unfinishedKiosks == 0
    }

    func percentile(_ p: Double) -> Double {
        Statistics.percentile(latencies, p) ?? 0
    }
}

/// Counters shared by the kiosk tasks.
final class LoadStats: Sendable {
    let state = Mutex(LoadResult(backend: ""))

    func record(_ change: (inout LoadResult) -> Void) { state.withLock { change(&$0) } }
}

/// One run against one backend: credentials installed, the real `turnero-central` started on
/// 127.0.0.1, N simulated kiosks uploading their office day (released over `dayDuration`
/// seconds) with reconnect storms, then a check that the centre holds exactly what was generated.
struct LoadRun {
    struct Options {
        var kiosks: Int
        var turns: Int
        var seed: UInt64
        var dayDuration: Double
        var timeLimit: Double
        var storms: Int
        var stormShare: Double
        var central: String
        var work: String
        var batch: Int
        /// Centres on the one database (more than one: behind the balancer).
        var instances = 1
        /// Kiosks reach the centres through nginx.
        var balanced = false
        /// nginx's binary (nil: Debian's).
        var nginx: String?
        /// The share of the day after which the second instance is SIGKILLed.
        var killAt: Double?
    }

    enum Backend {
        case sqlite(path: String)
        case postgres(url: String)

        var name: String {
            switch self {
            case .sqlite: "sqlite"
            case .postgres: "postgres"
            }
        }

        var database: String {
            switch self {
            case .sqlite(let path): path
            case .postgres(let url): url
            }
        }
    }

    let options: Options
    let backend: Backend
    let logger: Logger

    func run() async throws -> LoadResult {
        guard let day = LocalDay(rawValue: "2026-11-23"), let bogota = TimeZone(identifier: "America/Bogota") else {
            throw LoadFailure(description: "the simulated day or Bogotá's time zone is unknown here")
        }
        let dayStart = day.interval(in: bogota).start.addingTimeInterval(7 * 3600)
        print("[\(backend.name)] generating \(options.kiosks) office days…")
        var kiosks: [SimulatedKiosk] = []
        for index in 0..<options.kiosks {
            let seed = options.seed &+ UInt64(index) &* 7919
            var random = SeededRandom(seed: seed ^ 0xABCD)
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            kiosks.append(SimulatedKiosk(
                id: String(format: "kiosk-%04d", index), office: String(format: "office-%03d", index / 3), secret: secret,
                epoch: "epoch-\(String(random.next(), radix: 16))",
                events: OfficeDay.events(turns: options.turns, day: day, dayStart: dayStart, seed: seed), dayStart: dayStart))
        }
        let total = kiosks.reduce(0) { $0 + $1.events.count }
        print("[\(backend.name)] \(total) events; installing \(kiosks.count) credentials…")
        let install = kiosks.map { (id: $0.id, office: $0.office, secret: $0.secret) }
        try await withStorage { storage in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chunk in stride(from: 0, to: install.count, by: 100) {
                    let part = install[chunk..<min(chunk + 100, install.count)]
                    group.addTask {
                        for kiosk in part {
                            let code = EnrollmentCode.make()
                            let hash = EnrollmentCode.hash(EnrollmentCode.normalize(code)!)
                            try await storage.addEnrollmentCode(hash: hash, officeId: kiosk.office, expiresAt: Date().addingTimeInterval(3600))
                            _ = try await storage.redeemEnrollmentCode(
                                hash: hash, kioskId: kiosk.id, key: .hmac(kiosk.secret), credentialExpiresAt: Date().addingTimeInterval(86_400),
                                now: Date())
                        }
                    }
                }
                try await group.waitForAll()
            }
        }

        let names = options.instances == 1 ? [backend.name] : (1...options.instances).map { "\(backend.name)-\($0)" }
        let servers = try names.map { name in
            try CentralProcess.start(
                executable: options.central, database: backend.database, work: options.work, name: name,
                extra: options.balanced ? ["--trusted-proxy", "127.0.0.1"] : [])
        }
        defer { for server in servers { server.stop() } }
        var balancer: Balancer?
        if options.balanced {
            guard let nginx = Balancer.binary(options.nginx) else {
                throw LoadFailure(description: "--balanced needs nginx (kiosk-scripts/setup.sh --test installs nginx-light)")
            }
            balancer = try Balancer.start(nginx: nginx, upstreams: servers.map(\.port), work: options.work)
        }
        defer { balancer?.stop() }
        let port = balancer?.port ?? servers[0].port
        print("[\(backend.name)] \(servers.count) × turnero-central on 127.0.0.1:\(servers.map { String($0.port) }.joined(separator: ", "))"
            + (balancer.map { " behind nginx on :\($0.port)" } ?? "") + "; \(kiosks.count) kiosks, day compressed to \(Int(options.dayDuration)) s")

        let stats = LoadStats()
        stats.record {
            $0.backend = backend.name + (options.balanced ? " ×\(servers.count) behind nginx" : "")
            $0.kiosks = kiosks.count
            $0.events = total
            $0.instances = servers.count
        }
        let storms = StormPlan(count: options.storms, share: options.stormShare, kiosks: kiosks.count, seed: options.seed)
        stats.record {
            $0.storms = storms.windows.count
            $0.stormKiosks = storms.affected.reduce(0) { $0 + $1.count }
        }
        let started = Date()
        let deadline = started.addingTimeInterval(options.timeLimit)
        let victim = servers.count > 1 ? servers[1] : nil
        let killer = Task {
            guard let victim, let killAt = options.killAt else { return }
            try await Task.sleep(for: .milliseconds(Int(killAt * options.dayDuration * 1000)))
            victim.kill()
            let second = Date().timeIntervalSince(started)
            stats.record { $0.killedAt = second }
            print("[\(backend.name)] SIGKILLed instance 2 at \(String(format: "%.1f", second)) s")
        }
        defer { killer.cancel() }
        await withTaskGroup(of: Void.self) { group in
            for (index, kiosk) in kiosks.enumerated() {
                group.addTask {
                    var uploader = KioskUploader(
                        kiosk: kiosk, port: port, batch: options.batch, dayDuration: options.dayDuration, started: started,
                        deadline: deadline, storms: storms, index: index, seed: options.seed &+ UInt64(index))
                    let done = await uploader.run(stats: stats)
                    if !done { stats.record { $0.unfinishedKiosks += 1 } }
                }
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        stats.record { $0.seconds = elapsed }
        for server in servers { server.stop() }
        let errors = names.flatMap { name in
            ((try? String(contentsOfFile: "\(options.work)/\(name)-server.log", encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.contains(#""level":"error""#) }
        }
        stats.record { $0.serverErrors = errors.count }
        for line in errors.prefix(3) { print("[\(backend.name)] server error: \(line.prefix(300))") }

        print("[\(backend.name)] verifying the centre's events against the generated ones…")
        let expected = kiosks
        let verification = try await withStorage { storage in
            var result = (stored: Int64(0), counted: Int64(0), dead: Int64(0), missing: 0, mismatched: 0)
            let totals = try await storage.eventTotals(kioskId: nil)
            result.stored = totals.events
            result.dead = totals.deadLetters
            result.counted = try await storage.countedEvents(kioskId: nil)
            for kiosk in expected {
                let stored = try await storage.storedEvents(kioskId: kiosk.id)
                let byKey = Dictionary(stored.map { ("\($0.dbEpoch)#\($0.seq)", $0) }, uniquingKeysWith: { first, _ in first })
                for event in kiosk.events {
                    guard let found = byKey["\(kiosk.epoch)#\(event.seq)"] else {
                        result.missing += 1
                        continue
                    }
                    if found.eventId != event.eventId || found.payload != event.payload || found.type != event.type
                        || found.occurredAt != event.occurredAt
                    {
                        result.mismatched += 1
                    }
                }
                if stored.count != kiosk.events.count { result.mismatched += abs(stored.count - kiosk.events.count) }
            }
            return result
        }
        stats.record {
            $0.storedEvents = verification.stored
            $0.counted = verification.counted
            $0.deadLetters = verification.dead
            $0.missing = verification.missing
            $0.mismatched = verification.mismatched
        }
        return stats.state.withLock { $0 }
    }

    /// Opens the backend's storage directly (credentials before the run, checks after it).
    private func withStorage<T: Sendable>(_ body: @Sendable (any CentralStorage) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let path):
            let storage = try SQLiteCentralStorage(path: path)
            defer { try? storage.close() }
            return try await body(storage)
        case .postgres(let url):
            return try await PostgresCentralStorage.withStorage(try PostgresStorageConfiguration(url: url), logger: logger) {
                try await body($0)
            }
        }
    }
}
