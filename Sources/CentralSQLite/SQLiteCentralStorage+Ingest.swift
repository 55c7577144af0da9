public import CentralServer
public import Foundation
import GRDB
public import SyncProtocol

extension SQLiteCentralStorage {
    /// Thrown inside the write transaction to roll the whole batch back.
    private struct Conflict: Error { var seq: Int64 }

    public func ingest(
        kioskId: String, dbEpoch: String, fromSeq: Int64, events: [CheckedEvent], client: ClientClock?, now: Date
    ) async throws -> IngestOutcome {
        do {
            return try await pool.write { db in try Self.ingest(db, kioskId, dbEpoch, fromSeq, events, client, now) }
        } catch let conflict as Conflict {
            let marks = try await self.marks(kioskId: kioskId, dbEpoch: dbEpoch)
            return .seqConflict(seq: conflict.seq, acceptedThrough: marks.acceptedThrough, archivedThrough: marks.archivedThrough)
        }
    }

    /// Drives ``IngestCore`` in one write transaction: this backend only reads and writes rows.
    private static func ingest(
        _ db: Database, _ kioskId: String, _ dbEpoch: String, _ fromSeq: Int64, _ events: [CheckedEvent],
        _ client: ClientClock?, _ now: Date
    ) throws -> IngestOutcome {
        var core = IngestCore(kioskId: kioskId, dbEpoch: dbEpoch, fromSeq: fromSeq, events: events, client: client, now: now)
        let stream = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT high_water, archived_through FROM streams WHERE kiosk_id = ? AND db_epoch = ?"),
            arguments: [kioskId, dbEpoch])
        var action = core.start(stream: stream.map { StreamMarks(highWater: $0[0], archived: $0[1]) })
        while true {
            switch action {
            case .insert(let rows):
                var inserted = Set<Int64>()
                for row in rows where try insert(row, db, kioskId, dbEpoch, received: core.receivedAt) { inserted.insert(row.seq) }
                action = core.inserted(inserted)
            case .readExisting(let seqs):
                let existing = try db.cachedStatement(
                    sql: "SELECT content_hash, rejection FROM events WHERE kiosk_id = ? AND db_epoch = ? AND seq = ?")
                var found: [Int64: StoredRow] = [:]
                for seq in seqs {
                    if let row = try Row.fetchOne(existing, arguments: [kioskId, dbEpoch, seq]) {
                        found[seq] = StoredRow(contentHash: row[0], rejection: row[1])
                    }
                }
                action = core.existing(found)
            case .commit(let plan):
                try write(plan, db)
                return plan.outcome
            case .answer(let outcome):
                return outcome
            case .rollback(let seq):
                throw Conflict(seq: seq)
            }
        }
    }

    /// One `INSERT … ON CONFLICT DO NOTHING`; true when the row went in.
    private static func insert(_ row: EventRow, _ db: Database, _ kioskId: String, _ dbEpoch: String, received: Int64) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO events (kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, content_hash,
                rejection, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: [
                kioskId, dbEpoch, row.seq, row.eventId, row.type, row.day, row.occurredAt, row.payload, row.contentHash,
                row.rejection, received,
            ])
        return db.changesCount > 0
    }

    /// The plan's rows: dead letters, counters, call-back facts and the stream's mark.
    private static func write(_ plan: IngestPlan, _ db: Database) throws {
        for row in plan.deadLetters {
            guard try insert(row, db, plan.kioskId, plan.dbEpoch, received: plan.receivedAt) else {
                throw CentralError(.storage, "dead letter at seq \(row.seq) hit a unique key")
            }
        }
        let bump = try db.cachedStatement(sql: """
            INSERT INTO event_counts (kiosk_id, day, type, count) VALUES (?, ?, ?, ?)
            ON CONFLICT (kiosk_id, day, type) DO UPDATE SET count = count + excluded.count
            """)
        for counter in plan.counters { try bump.execute(arguments: [plan.kioskId, counter.day, counter.type, counter.count]) }
        for fact in plan.facts { try apply(fact, db, plan.kioskId) }
        try db.cachedStatement(sql: """
            INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen, clock_skew_ms)
            VALUES (?, ?, ?, 0, ?, ?, ?)
            ON CONFLICT (kiosk_id, db_epoch) DO UPDATE SET high_water = excluded.high_water,
                last_seen = excluded.last_seen, clock_skew_ms = COALESCE(excluded.clock_skew_ms, clock_skew_ms)
            """).execute(arguments: [plan.kioskId, plan.dbEpoch, plan.highWater, plan.receivedAt, plan.receivedAt, plan.clockSkewMs])
    }

    /// Keeps a call-back fact beside its event, in the ingest transaction.
    private static func apply(_ fact: DerivedFact, _ db: Database, _ kioskId: String) throws {
        switch fact {
        case .callbackOpened(let opening):
            try db.cachedStatement(sql: """
                INSERT INTO callbacks (callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline)
                VALUES (?, ?, COALESCE((SELECT office_id FROM kiosks WHERE kiosk_id = ?), ''), ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """).execute(arguments: [
                    opening.id, kioskId, kioskId, opening.turnId, opening.label, opening.service, opening.score,
                    opening.openedAt.milliseconds, opening.deadline.milliseconds,
                ])
            try apply(ticket: fact, db, kioskId)
        case .callbackClosed(let id, let outcome, let at):
            // Only the kiosk's own call-backs. The first close wins (an agent may have closed it
            // here already); either way the kiosk now knows it is closed.
            try db.cachedStatement(sql: """
                UPDATE callbacks SET outcome = ?, closed_at = ?, closed_by = 'kiosk' WHERE callback_id = ? AND kiosk_id = ? AND outcome IS NULL
                """).execute(arguments: [outcome.rawValue, at.milliseconds, id, kioskId])
            try db.cachedStatement(sql: """
                UPDATE callbacks SET kiosk_closed_at = ? WHERE callback_id = ? AND kiosk_id = ? AND kiosk_closed_at IS NULL
                """).execute(arguments: [at.milliseconds, id, kioskId])
        case .callbackContactGiven(let id):
            try db.cachedStatement(sql: "UPDATE callbacks SET contact_given = 1 WHERE callback_id = ? AND kiosk_id = ?")
                .execute(arguments: [id, kioskId])
        case .escalationOpened, .escalationClosed:
            try apply(escalation: fact, db, kioskId)
        case .ticketIssued, .ticketSettled:
            try apply(ticket: fact, db, kioskId)
        }
    }
}
