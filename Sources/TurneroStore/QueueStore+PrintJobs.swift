public import Foundation
import GRDB
public import TurneroCore

/// A print job as staff and the print service see it.
public struct PrintJob: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable { case ticket, reprint, coupon, test }
    public enum State: String, Sendable, Hashable { case pending, printed, failed, voided }

    public var id: Int64
    public var kind: Kind
    public var state: State
    public var turn: Turn?
    public var reprintOf: Int64?
    /// "People ahead" and the estimate as printed on the original ticket.
    public var ahead: Int?
    public var estimate: String?
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?
}

extension QueueStore {
    /// Records the outcome of one attempt at printing `job`.
    public func recordPrintAttempt(job: Int64, printed: Bool, error: String? = nil) throws(StoreError) {
        let now = clock().millisecondsSince1970
        try TurneroDatabase.storage {
            try database.writer.write { db in
                try db.run(
                    """
                    UPDATE print_jobs SET attempts = attempts + 1, state = ?, last_error = ?,
                        finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                    WHERE id = ?
                    """,
                    [printed ? "printed" : "failed", error, printed, now, job])
            }
        }
    }

    /// Creates a job for a technician's test page (`turnero printer test`): it belongs to no
    /// turn and no event is recorded, but `turnero printer jobs` shows how it went.
    public func createTestPrintJob() throws(StoreError) -> Int64 {
        let now = clock().millisecondsSince1970
        return try TurneroDatabase.storage {
            try database.writer.write { db in
                try db.run("INSERT INTO print_jobs (kind, created_at) VALUES ('test', ?)", [now])
                return db.lastInsertedRowID
            }
        }
    }

    /// Creates a reprint of the latest job of `lookup`'s turn, marked as a reprint.
    public func reprint(_ lookup: TurnLookup) throws(StoreError) -> PrintJob {
        try transaction { context in
            let turn = try findTurn(lookup, today: context.day, context.db)
            guard let original = try context.db.row(
                "SELECT id, ahead, estimate FROM print_jobs WHERE turn_id = ? AND kind IN ('ticket', 'reprint') ORDER BY id LIMIT 1",
                [turn.id.uuidString])
            else { throw StoreError(.turnNotFound, "\(turn.label) has no ticket to reprint") }
            guard turn.state.isOpen else {
                throw StoreError(.transition, "\(turn.label) is \(turn.state.rawValue); only open turns are reprinted")
            }
            try context.db.run(
                "INSERT INTO print_jobs (turn_id, kind, reprint_of, ahead, estimate, created_at) VALUES (?, 'reprint', ?, ?, ?, ?)",
                [turn.id.uuidString, original["id"] as Int64, original["ahead"] as Int?, original["estimate"] as String?,
                 context.now.millisecondsSince1970])
            return try printJob(context.db.lastInsertedRowID, context.db)!
        }
    }

    /// Jobs not printed: pending (never finished) and failed, oldest first.
    public func unprintedJobs() throws(StoreError) -> [PrintJob] {
        try read { db in
            try db.values(Int64.self, "SELECT id FROM print_jobs WHERE state IN ('pending', 'failed') ORDER BY id")
                .compactMap { try printJob($0, db) }
        }
    }

    /// The most recent jobs, newest first.
    public func recentPrintJobs(limit: Int = 20) throws(StoreError) -> [PrintJob] {
        try read { db in
            try db.values(Int64.self, "SELECT id FROM print_jobs ORDER BY id DESC LIMIT ?", [limit])
                .compactMap { try printJob($0, db) }
        }
    }

    /// After a restart: tickets that never printed were never in a customer's hand, so their
    /// jobs are voided and their turns, if still waiting, cancelled (nobody will answer the
    /// call). Jobs younger than `grace` are left alone (another process may be printing them).
    @discardableResult
    public func voidStalePrintJobs(olderThan grace: TimeInterval = 120) throws(StoreError) -> [PrintJob] {
        try transaction { context in
            let limit = context.now.addingTimeInterval(-grace).millisecondsSince1970
            let ids = try context.db.values(
                Int64.self, "SELECT id FROM print_jobs WHERE state = 'pending' AND kind = 'ticket' AND created_at < ?", [limit])
            var voided: [PrintJob] = []
            for id in ids {
                try context.db.run(
                    "UPDATE print_jobs SET state = 'voided', last_error = 'not printed before a restart' WHERE id = ?", [id])
                if var turn = try TurnRow.fetchOne(context.db, where: "id = (SELECT turn_id FROM print_jobs WHERE id = ?)", [id]),
                    turn.state == .waiting
                {
                    let payload = try apply(.cancel, to: &turn, at: context.now)
                    try TurnRow.update(turn, context.db)
                    try context.record(payload, day: turn.day)
                }
                if let job = try printJob(id, context.db) { voided.append(job) }
            }
            return voided
        }
    }

    func printJob(_ id: Int64, _ db: Database) throws -> PrintJob? {
        guard let row = try db.row("SELECT * FROM print_jobs WHERE id = ?", [id]) else { return nil }
        let turn = try (row["turn_id"] as String?).flatMap { try TurnRow.fetchOne(db, where: "id = ?", [$0]) }
        return PrintJob(
            id: row["id"], kind: PrintJob.Kind(rawValue: row["kind"]) ?? .ticket,
            state: PrintJob.State(rawValue: row["state"]) ?? .pending, turn: turn, reprintOf: row["reprint_of"],
            ahead: row["ahead"], estimate: row["estimate"], attempts: row["attempts"], lastError: row["last_error"],
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            finishedAt: (row["finished_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
