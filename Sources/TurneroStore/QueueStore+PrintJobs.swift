public import Foundation
import GRDB
public import TurneroCore

/// A print job as staff and the print service see it.
public struct PrintJob: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable { case ticket, reprint, coupon, test }
    /// `unknown`: the bytes went out but the printer never confirmed; the paper may be in the
    /// customer's hand, so staff look before anything is reprinted.
    public enum State: String, Sendable, Hashable { case pending, printed, failed, voided, unknown }

    /// How one attempt at printing a job ended.
    public enum Outcome: Sendable, Hashable {
        case printed
        /// It certainly did not print (whole): the reason, for technicians.
        case failed(String)
        /// Nobody knows: the reason the printer could not confirm.
        case unknown(String)
    }

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
    /// The language the ticket was printed in (the customer's choice at the screen).
    public var language: Language
}

extension QueueStore {
    /// Records the outcome of one attempt at printing `job`.
    public func recordPrintAttempt(job: Int64, outcome: PrintJob.Outcome) throws(StoreError) {
        let now = clock().millisecondsSince1970
        let (state, error): (PrintJob.State, String?) =
            switch outcome {
            case .printed: (.printed, nil)
            case .failed(let reason): (.failed, reason)
            case .unknown(let reason): (.unknown, reason)
            }
        try TurneroDatabase.storage {
            try database.writer.write { db in
                try db.run(
                    """
                    UPDATE print_jobs SET attempts = attempts + 1, state = ?, last_error = ?,
                        finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                    WHERE id = ?
                    """,
                    [state.rawValue, error, state == .printed, now, job])
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

    /// Creates a reprint of `lookup`'s ticket, marked as a reprint, saying what the original
    /// said in the same language.
    ///
    /// - Throws: `.printUnconfirmed` while the turn's latest ticket is `unknown`: it may be in
    ///   the customer's hand, so staff look first (`verifyPrint`).
    public func reprint(_ lookup: TurnLookup) throws(StoreError) -> PrintJob {
        try transaction { context in
            let turn = try findTurn(lookup, today: context.day, context.db)
            guard let original = try context.db.row(
                "SELECT id, ahead, estimate, language FROM print_jobs WHERE turn_id = ? AND kind IN ('ticket', 'reprint') ORDER BY id LIMIT 1",
                [turn.id.uuidString])
            else { throw StoreError(.turnNotFound, "\(turn.label) has no ticket to reprint") }
            guard turn.state.isOpen else {
                throw StoreError(.transition, "\(turn.label) is \(turn.state.rawValue); only open turns are reprinted")
            }
            if let latest = try latestTicketJob(turn: turn.id, context.db), latest.state == .unknown {
                throw StoreError(
                    .printUnconfirmed,
                    "the printer never confirmed job \(latest.id) of \(turn.label): the customer may already hold the ticket")
            }
            try context.db.run(
                "INSERT INTO print_jobs (turn_id, kind, reprint_of, ahead, estimate, language, created_at) VALUES (?, 'reprint', ?, ?, ?, ?, ?)",
                [turn.id.uuidString, original["id"] as Int64, original["ahead"] as Int?, original["estimate"] as String?,
                 original["language"] as String?, context.now.millisecondsSince1970])
            return try printJob(context.db.lastInsertedRowID, context.db)!
        }
    }

    /// Records what staff saw at the printer for `lookup`'s unconfirmed ticket: printed (the
    /// customer has it) or not (it may be reprinted now).
    public func verifyPrint(_ lookup: TurnLookup, printed: Bool) throws(StoreError) -> PrintJob {
        try transaction { context in
            let turn = try findTurn(lookup, today: context.day, context.db)
            guard let latest = try latestTicketJob(turn: turn.id, context.db), latest.state == .unknown else {
                throw StoreError(.invalidArgument, "\(turn.label) has no ticket waiting to be checked")
            }
            try context.db.run(
                """
                UPDATE print_jobs SET state = ?, last_error = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                WHERE id = ?
                """,
                [printed ? "printed" : "failed",
                 printed ? nil : "not printed (checked by staff); before: \(latest.lastError ?? "unconfirmed")",
                 printed, context.now.millisecondsSince1970, latest.id])
            return try printJob(latest.id, context.db)!
        }
    }

    /// Open turns whose latest ticket did not print or was never confirmed: what staff must
    /// act on (reprint, or look at the printer first), oldest first.
    public func printJobsNeedingAttention() throws(StoreError) -> [PrintJob] {
        try read { db in
            let ids = try db.values(
                Int64.self,
                """
                SELECT MAX(id) FROM print_jobs WHERE kind IN ('ticket', 'reprint') AND turn_id IS NOT NULL GROUP BY turn_id
                """)
            return try ids.sorted().compactMap { try printJob($0, db) }.filter { job in
                (job.state == .failed || job.state == .unknown) && job.turn?.state.isOpen == true
            }
        }
    }

    /// The latest ticket or reprint job of `lookup`'s turn (today's, for a label).
    public func latestTicketJob(_ lookup: TurnLookup) throws(StoreError) -> PrintJob? {
        try read { db in
            let turn = try findTurn(lookup, today: day(at: clock()), db)
            return try latestTicketJob(turn: turn.id, db)
        }
    }

    private func latestTicketJob(turn: UUID, _ db: Database) throws -> PrintJob? {
        let id = try db.value(
            Int64.self, "SELECT MAX(id) FROM print_jobs WHERE turn_id = ? AND kind IN ('ticket', 'reprint')", [turn.uuidString])
        return try id.flatMap { try printJob($0, db) }
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
            finishedAt: (row["finished_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)) ?? .spanish)
    }
}
