public import Foundation
import GRDB

/// The centre's marks for this database's stream, as last acknowledged.
public struct SyncMarks: Sendable, Hashable {
    /// Every event up to this sequence number is stored at the centre.
    public var acceptedThrough: Int64
    /// Every event up to this one is in the centre's backup: only these may be deleted here.
    public var archivedThrough: Int64

    public init(acceptedThrough: Int64 = 0, archivedThrough: Int64 = 0) {
        self.acceptedThrough = acceptedThrough
        self.archivedThrough = archivedThrough
    }
}

/// One outbox row as sync sends it: the stored columns, untouched.
public struct OutboxRecord: Sendable, Hashable {
    public var seq: Int64
    public var eventId: String
    public var type: String
    public var day: String
    public var occurredAt: Int64
    /// The exact stored JSON text.
    public var payload: String
}

/// What a rewind found after the centre reported a lower high-water mark than this kiosk knew.
public enum RewindOutcome: Sendable, Hashable {
    /// Rows above the centre's mark are pending again and will be resent.
    case resend(from: Int64)
    /// Rows the centre lacks were already deleted here: they can never be resent.
    case unrecoverable(missing: ClosedRange<Int64>)
}

// Outbox states follow the marks: seq ≤ archived → archived, ≤ accepted → accepted, else
// pending. Marks and states change together in one write transaction, only from the centre's
// answers (never on send), and no read transaction is held while the network is used.
extension TurneroDatabase {
    /// The marks last acknowledged by the centre.
    public func syncMarks() throws(StoreError) -> SyncMarks {
        try Self.storage { try writer.read(SyncMeta.marks) }
    }

    /// Up to `limit` events after the accepted mark, in order, read in one short transaction.
    public func pendingOutbox(limit: Int) throws(StoreError) -> (marks: SyncMarks, records: [OutboxRecord]) {
        try Self.storage {
            try writer.read { db in
                let marks = try SyncMeta.marks(db)
                let rows = try db.rows(
                    "SELECT seq, event_id, type, day, occurred_at, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                    [marks.acceptedThrough, max(0, limit)])
                let records = rows.map { row in
                    OutboxRecord(
                        seq: row[0], eventId: row[1], type: row[2], day: row[3], occurredAt: row[4], payload: row[5])
                }
                return (marks, records)
            }
        }
    }

    /// The last sequence number issued by this database (0 before the first event).
    public func lastOutboxSeq() throws(StoreError) -> Int64 {
        try Self.storage {
            try writer.read { db in try Outbox.lastSeq(db) }
        }
    }

    /// Applies the centre's acknowledgement: marks only move up, and never past the last local
    /// event (a higher mark means the centre holds events this database never had).
    ///
    /// - Returns: the marks now in force.
    @discardableResult
    public func applySyncAcknowledgement(acceptedThrough: Int64, archivedThrough: Int64) throws(StoreError) -> SyncMarks {
        try Self.storage {
            try writer.write { db in
                let old = try SyncMeta.marks(db)
                let last = try Outbox.lastSeq(db)
                let accepted = max(old.acceptedThrough, min(acceptedThrough, last))
                let archived = max(old.archivedThrough, min(archivedThrough, accepted))
                if accepted > old.acceptedThrough {
                    try db.run(
                        "UPDATE outbox SET state = 'accepted' WHERE seq > ? AND seq <= ? AND state = 'pending'",
                        [old.acceptedThrough, accepted])
                }
                if archived > old.archivedThrough {
                    try db.run(
                        "UPDATE outbox SET state = 'archived' WHERE seq > ? AND seq <= ? AND state <> 'archived'",
                        [old.archivedThrough, archived])
                }
                let marks = SyncMarks(acceptedThrough: accepted, archivedThrough: archived)
                try SyncMeta.saveMarks(marks, db)
                return marks
            }
        }
    }

    /// After a `gap` answer (the centre was restored from a backup): everything above the
    /// centre's mark becomes pending again so it is resent.
    public func rewindOutbox(toAcceptedThrough accepted: Int64, archivedThrough archived: Int64) throws(StoreError) -> RewindOutcome {
        try Self.storage {
            try writer.write { db in
                let mark = max(0, accepted)
                try db.run("UPDATE outbox SET state = 'pending' WHERE seq > ? AND state <> 'pending'", [mark])
                try SyncMeta.saveMarks(SyncMarks(acceptedThrough: mark, archivedThrough: min(max(0, archived), mark)), db)
                let first = try db.value(Int64.self, "SELECT MIN(seq) FROM outbox WHERE seq > ?", [mark])
                let last = try Outbox.lastSeq(db)
                if let first, first > mark + 1 { return .unrecoverable(missing: (mark + 1)...(first - 1)) }
                if first == nil, last > mark { return .unrecoverable(missing: (mark + 1)...last) }
                return .resend(from: mark + 1)
            }
        }
    }

    /// Deletes archived events that happened before `cutoff`, as a prefix of the stream and
    /// never above the centre's archived mark. Returns how many rows went.
    @discardableResult
    public func compactOutbox(before cutoff: Date) throws(StoreError) -> Int {
        try Self.storage {
            try writer.write { db in
                let marks = try SyncMeta.marks(db)
                guard marks.archivedThrough > 0 else { return 0 }
                let firstRecent = try db.value(
                    Int64.self, "SELECT MIN(seq) FROM outbox WHERE occurred_at >= ?", [cutoff.millisecondsSince1970])
                let limit = min(marks.archivedThrough, (firstRecent ?? Int64.max) - 1)
                guard limit > 0 else { return 0 }
                // The numbering goes on from the tail even if this empties the outbox.
                try Outbox.saveFloor(db)
                try db.run("DELETE FROM outbox WHERE seq <= ? AND state = 'archived'", [limit])
                return db.changesCount
            }
        }
    }
}
