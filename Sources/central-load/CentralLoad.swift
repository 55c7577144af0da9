import ArgumentParser
import CentralPostgres
import Foundation
import Logging

/// `central-load`: 1,000 simulated kiosks upload an office day each to a real `turnero-central`
/// on 127.0.0.1, with reconnect storms and lost answers, on SQLite and PostgreSQL side by side;
/// then checks that the centre holds exactly the generated events. Loopback only; bounded in
/// kiosks, events and time. Figures and the command: docs/performance.md ("Central server load test").
@main
struct CentralLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "central-load",
        abstract: "Load test of the central server: many kiosks, reconnect storms, nothing lost or duplicated.")

    @Option(help: "Simulated kiosks (at most 5,000).") var kiosks = 1_000
    @Option(help: "Turns per kiosk's office day (at most 1,000).") var turns = 120
    @Option(help: "Seconds the office day is compressed into.") var day: Double = 60
    @Option(help: "Seconds allowed per backend before the run fails (at most 600).") var timeLimit: Double = 170
    @Option(help: "Reconnect storms during the day.") var storms = 3
    @Option(help: "Share of kiosks offline in each storm.") var stormShare = 0.6
    @Option(help: "Most events per upload.") var batch = 250
    @Option(help: "Seed of the generated days and faults.") var seed: UInt64 = 20_261_123
    @Option(help: "sqlite, postgres or both.") var backend = "both"
    @Option(help: "PostgreSQL URL (default: $TURNERO_TEST_POSTGRES_URL); a throwaway schema is used and dropped.")
    var postgres: String?
    @Option(help: "The turnero-central binary (default: next to this one).") var central: String?
    @Option(help: "Write the results as JSON here.") var json: String?
    @Option(help: "turnero-central instances on the one database (more than one: PostgreSQL, behind nginx).") var instances = 1
    @Flag(help: "Send every kiosk through nginx in front of the instances (even one).") var balanced = false
    @Option(help: "SIGKILL the second instance after this share of the day (0–1).") var killAt: Double?
    @Option(help: "nginx's binary (default: Debian's).") var nginx: String?

    mutating func validate() throws {
        guard (1...5_000).contains(kiosks), (1...1_000).contains(turns) else { throw ValidationError("kiosks ≤ 5,000, turns ≤ 1,000") }
        guard (5...600).contains(day), (10...600).contains(timeLimit), day < timeLimit else {
            throw ValidationError("day 5–600 s, time limit 10–600 s and longer than the day")
        }
        guard ["sqlite", "postgres", "both"].contains(backend) else { throw ValidationError("--backend sqlite|postgres|both") }
        guard (0...10).contains(storms), (0...1).contains(stormShare), (1...1_000).contains(batch) else {
            throw ValidationError("storms 0–10, storm share 0–1, batch 1–1,000")
        }
        guard (1...8).contains(instances) else { throw ValidationError("instances 1–8") }
        if instances > 1 {
            guard backend == "postgres" else { throw ValidationError("several instances share one PostgreSQL: use --backend postgres") }
            balanced = true
        }
        if let killAt {
            guard instances > 1, (0...1).contains(killAt) else { throw ValidationError("--kill-at needs --instances 2 or more and a share 0–1") }
        }
    }

    /// Drops the run's throwaway schema.
    static func drop(_ configuration: PostgresStorageConfiguration, logger: Logger) async {
        let storage = PostgresCentralStorage(configuration: configuration, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await storage.run() }
            try? await storage.dropSchema()
            group.cancelAll()
        }
    }

    func run() async throws {
        let logger = Logger(label: "central-load", factory: { _ in SwiftLogNoOpLogHandler() })
        let binary = central ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("turnero-central").path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("central-load-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let options = LoadRun.Options(
            kiosks: kiosks, turns: turns, seed: seed, dayDuration: day, timeLimit: timeLimit, storms: storms, stormShare: stormShare,
            central: binary, work: work, batch: batch, instances: instances, balanced: balanced, nginx: nginx, killAt: killAt)

        var backends: [LoadRun.Backend] = []
        if backend != "postgres" { backends.append(.sqlite(path: "\(work)/central.sqlite")) }
        var schema: (PostgresStorageConfiguration, String)?  // the run's throwaway schema
        if backend != "sqlite" {
            guard let base = postgres ?? ProcessInfo.processInfo.environment["TURNERO_TEST_POSTGRES_URL"] else {
                throw ValidationError("PostgreSQL needs --postgres URL or TURNERO_TEST_POSTGRES_URL (kiosk-scripts/postgres-test.sh start)")
            }
            let name = "load_\(UInt32.random(in: 0...UInt32.max))"
            let url = base + (base.contains("?") ? "&" : "?") + "schema=\(name)"
            schema = (try PostgresStorageConfiguration(url: url), url)
            backends.append(.postgres(url: url))
        }
        var results: [LoadResult] = []
        do {
            for backend in backends {
                let result = try await LoadRun(options: options, backend: backend, logger: logger).run()
                results.append(result)
                print(LoadReport.line(result))
            }
        } catch {
            if let (configuration, _) = schema { await Self.drop(configuration, logger: logger) }
            throw error
        }
        if let (configuration, _) = schema { await Self.drop(configuration, logger: logger) }
        print("")
        print(LoadReport.table(results, options: options))
        if let json { try LoadReport.json(results).write(to: URL(fileURLWithPath: json)) }
        let failed = results.filter { !$0.passed }
        if !failed.isEmpty {
            throw LoadFailure(description: "lost, duplicated or unfinished events on \(failed.map(\.backend).joined(separator: ", "))")
        }
        print("central-load: every backend holds exactly the generated events (nothing lost, nothing duplicated)")
    }
}
