import Foundation
import GRDB
import TestSupport
import Testing
import TurneroCore

/// Real `turnero` processes issuing turns are SIGKILLed at seeded random moments. Afterwards the
/// database must pass `integrity_check`, and labels and the outbox sequence must have no gap and
/// no duplicate; every label a process printed must be in the database (durable before print).
@Suite("Crash safety", .serialized)
struct CrashTests {
    /// How one writer of a round ended: its exit, what it said, the labels it printed.
    struct WriterEnd: Sendable {
        var reason: Process.TerminationReason
        var status: Int32
        var stderr: String
        var labels: [String]
    }

    @Test func sigkillAtRandomMomentsLosesAndDuplicatesNothing() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["TURNERO_CRASH_SEED"].flatMap(UInt64.init) ?? 20_261_123
        let kills = environment["TURNERO_CRASH_KILLS"].flatMap(Int.init) ?? 120
        var random = SplitMix64(seed: seed)
        print("crash test: seed \(seed), \(kills) kills")
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        var printedLabels = Set<String>()
        var killed = 0
        var round = 0
        while killed < kills {
            round += 1
            let tickets = (0..<2).map { _ in Int.random(in: 1...150, using: &random) }
            // The round blocks on child processes: a thread of its own, never one of the
            // cooperative pool, which the suites running beside this one need.
            let ends = try await ChildProcess.offPool { [round] in try Self.round(round, tickets: tickets, cli: cli) }
            for end in ends {
                // Two writers issuing back to back: on a loaded machine one may wait out its busy
                // timeout and give up with "locked, try again" (EX_TEMPFAIL). That loses nothing
                // and is checked like a kill; any other exit is a failure.
                let gaveUpBusy = end.reason == .exit && end.status == 75 && end.stderr.contains("database is locked")
                #expect(end.reason == .uncaughtSignal || gaveUpBusy,
                        "a writer exited by itself: \(end.status) \(end.stderr.suffix(300))")
                printedLabels.formUnion(end.labels)
                killed += 1
            }
            if round % 10 == 0 { try verify(cli.databasePath, printed: printedLabels) }
        }
        let totals = try verify(cli.databasePath, printed: printedLabels)
        print("crash test: \(killed) kills, \(totals.turns) turns, \(totals.events) events, \(printedLabels.count) printed")
        #expect(totals.turns > 0)
    }

    /// Two writers at once, like a kiosk and a counter sharing the office database. Each dies
    /// mid-way through a seeded ticket: after that many were committed and printed (its output
    /// says so), while it is already writing the next one. Counting tickets, not milliseconds,
    /// kills at the same point of the work on any machine.
    static func round(_ round: Int, tickets: [Int], cli: TurneroProcess) throws -> [WriterEnd] {
        let services = ["pagos", "reclamos", "asesoria"]
        let writers = try (0..<2).map { index in
            try ChildProcess(TurneroProcess.binary, [
                "turn", "issue", "--service", services[(round + index) % services.count], "--count", "100000", "--json", "--no-print",
            ], environment: cli.environment)
        }
        for (writer, count) in zip(writers, tickets) {
            Waiting.blockingUntil(timeout: .seconds(60)) {
                writer.stdout.split(separator: "\n").count { $0.contains("\"label\"") } >= count || !writer.process.isRunning
            }
            kill(writer.process.processIdentifier, SIGKILL)
        }
        return writers.map { writer in
            writer.wait(timeout: 60)
            let labels = writer.stdout.split(separator: "\n").filter { $0.contains("\"label\"") }.map { line in
                line.split(separator: "\"").dropLast().last.map(String.init) ?? ""
            }
            return WriterEnd(
                reason: writer.process.terminationReason, status: writer.process.terminationStatus,
                stderr: writer.stderr, labels: labels)
        }
    }

    /// Checks the invariants on the database file; returns turn and event counts.
    @discardableResult
    func verify(_ path: String, printed: Set<String>) throws -> (turns: Int, events: Int) {
        let database = try DatabaseQueue(path: path)
        return try database.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let outbox = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, MIN(seq) AS lo, MAX(seq) AS hi FROM outbox")!
            let count: Int = outbox["n"]
            #expect(count == outbox["d"] as Int)
            if count > 0 { #expect(outbox["lo"] as Int == 1 && outbox["hi"] as Int == count, "outbox sequence has a gap") }
            // The outbox numbers its events from its own tail; a floor is written only when
            // compaction empties it, and may never pass the events kept.
            let floor = try Int.fetchOne(db, sql: "SELECT value FROM sequences WHERE name = 'outbox'") ?? 0
            #expect(floor <= count, "the outbox floor passed its events")
            let duplicateLabels = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT day, label FROM turns GROUP BY 1, 2 HAVING COUNT(*) > 1)")!
            #expect(duplicateLabels == 0)
            for row in try Row.fetchAll(db, sql: "SELECT day, issue_service AS s, COUNT(*) AS n, MAX(CAST(substr(label, instr(label, '-') + 1) AS INTEGER)) AS top FROM turns GROUP BY 1, 2") {
                #expect(row["n"] as Int == row["top"] as Int, "labels of \(row["s"] as String) have a gap")
            }
            let turns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns")!
            let issueEvents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE type = 'turn.issued'")!
            #expect(turns == issueEvents, "every turn has exactly its issue event")
            let stored = Set(try String.fetchAll(db, sql: "SELECT label FROM turns"))
            let lost = printed.subtracting(stored)
            #expect(lost.isEmpty, "printed but not stored: \(lost.sorted().prefix(5))")
            return (turns, count)
        }
    }
}
