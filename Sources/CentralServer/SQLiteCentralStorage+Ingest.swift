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

    private static func ingest(
        _ db: Database, _ kioskId: String, _ dbEpoch: String, _ fromSeq: Int64, _ events: [CheckedEvent],
        _ client: ClientClock?, _ now: Date
    ) throws -> IngestOutcome {
        let stream = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT high_water, archived_through FROM streams WHERE kiosk_id = ? AND db_epoch = ?"),
            arguments: [kioskId, dbEpoch])
        let highWater: Int64 = stream?[0] ?? 0
        let archived: Int64 = stream?[1] ?? 0
        guard fromSeq <= highWater + 1 else { return .gap(acceptedThrough: highWater, archivedThrough: archived) }

        let insert = try db.cachedStatement(sql: """
            INSERT INTO events (kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, content_hash,
                rejection, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        let existing = try db.cachedStatement(
            sql: "SELECT content_hash, rejection FROM events WHERE kiosk_id = ? AND db_epoch = ? AND seq = ?")
        let received = now.milliseconds
        var results: [EventResult] = []
        results.reserveCapacity(events.count)
        var counts: [CountKey: Int64] = [:]

        for checked in events {
            let event = checked.event
            var rejection = checked.rejection
            try insert.execute(arguments: [
                kioskId, dbEpoch, event.seq, rejection == nil ? event.eventId : nil, event.type, event.day,
                event.occurredAt, event.payload, checked.contentHash, rejection, received,
            ])
            if db.changesCount == 0 {
                if let row = try Row.fetchOne(existing, arguments: [kioskId, dbEpoch, event.seq]) {
                    guard (row[0] as String) == checked.contentHash else { throw Conflict(seq: event.seq) }
                    results.append(EventResult(seq: event.seq, status: .duplicate, reason: row[1]))
                    continue
                }
                // The event id is already used by another event: keep this one as a dead letter.
                rejection = "event_id already used by another event"
                try insert.execute(arguments: [
                    kioskId, dbEpoch, event.seq, nil, event.type, event.day, event.occurredAt, event.payload,
                    checked.contentHash, rejection, received,
                ])
            }
            if let rejection {
                results.append(EventResult(seq: event.seq, status: .rejected, reason: rejection))
            } else {
                results.append(EventResult(seq: event.seq, status: .accepted))
                counts[CountKey(day: event.day, type: event.type), default: 0] += 1
                if let fact = checked.derived { try Self.apply(fact, db, kioskId) }
            }
        }

        let bump = try db.cachedStatement(sql: """
            INSERT INTO event_counts (kiosk_id, day, type, count) VALUES (?, ?, ?, ?)
            ON CONFLICT (kiosk_id, day, type) DO UPDATE SET count = count + excluded.count
            """)
        for (key, count) in counts { try bump.execute(arguments: [kioskId, key.day, key.type, count]) }

        // Every number from..to is now stored and from ≤ high_water + 1: the mark stays contiguous.
        let newHighWater = max(highWater, events.last?.event.seq ?? highWater)
        let skew = client.map { received - $0.wallTime }
        try db.cachedStatement(sql: """
            INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen, clock_skew_ms)
            VALUES (?, ?, ?, 0, ?, ?, ?)
            ON CONFLICT (kiosk_id, db_epoch) DO UPDATE SET high_water = excluded.high_water,
                last_seen = excluded.last_seen, clock_skew_ms = COALESCE(excluded.clock_skew_ms, clock_skew_ms)
            """).execute(arguments: [kioskId, dbEpoch, newHighWater, received, received, skew])
        return .stored(results: results, acceptedThrough: newHighWater, archivedThrough: archived, clockSkewMs: skew)
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
        case .callbackClosed(let id, let outcome, let at):
            // The first close wins (an agent may have closed it here already); a kiosk closes
            // only call-backs it opened.
            try db.cachedStatement(sql: """
                UPDATE callbacks SET outcome = ?, closed_at = ?, closed_by = 'kiosk'
                WHERE callback_id = ? AND kiosk_id = ? AND outcome IS NULL
                """).execute(arguments: [outcome.rawValue, at.milliseconds, id, kioskId])
        }
    }

    private struct CountKey: Hashable {
        var day: String
        var type: String
    }
}
