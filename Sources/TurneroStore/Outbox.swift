import Foundation
import GRDB
public import TurneroCore

/// One event as stored in the outbox, with its place in the kiosk's stream.
public struct OutboxEntry: Sendable, Hashable {
    /// Gapless per-kiosk sequence number, from 1.
    public var seq: Int64
    public var dbEpoch: String
    public var event: QueueEvent
    /// The exact JSON stored (what sync uploads and hashes).
    public var payloadJSON: String
    public var state: State

    /// Sync state of an outbox row: pending → accepted → archived.
    public enum State: String, Sendable, Hashable {
        case pending, accepted, archived
    }
}

/// Appends events to the outbox inside the caller's transaction.
enum Outbox {
    /// Appends `payload` with the next gapless sequence number. Must run inside the same write
    /// transaction as the state change it records.
    ///
    /// - Returns: the event and its sequence number.
    @discardableResult
    static func append(
        _ payload: QueueEvent.Payload, agent: AgentID? = nil, at now: Date, day: LocalDay, id: UUID, epoch: String,
        _ db: Database
    ) throws -> (event: QueueEvent, seq: Int64) {
        let event = QueueEvent(id: id, occurredAt: now, day: day, payload: payload, agent: agent)
        let json = try EventDocument.json(payload, agent: agent)
        // The number is taken in the INSERT itself (one statement, not a read and a write), and
        // read back as the rowid (`seq` is the rowid): `RETURNING` would stage its row in a
        // temporary B-tree.
        try db.call("""
                INSERT INTO outbox (seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload)
                VALUES (\(nextSeq), ?, ?, ?, ?, ?, ?, ?)
                """, [
                id.lowerText, epoch, payload.type, day.rawValue, now.millisecondsSince1970, payload.turn?.id.upperText, json,
            ])
        return (event, db.lastInsertedRowID)
    }

    /// The last sequence number given (0 before the first event), from the outbox's own tail:
    /// appending writes the outbox and nothing else. The `sequences` row is only a floor,
    /// written by compaction before it deletes rows, so an emptied outbox goes on from where
    /// it was (and databases from before this rule, where the row counted every event, agree).
    static func lastSeq(_ db: Database) throws -> Int64 {
        try db.value(Int64.self, "SELECT \(lastSeqExpression)") ?? 0
    }

    /// The last number given, as an SQL expression (see ``lastSeq(_:)``).
    private static let lastSeqExpression = """
        MAX(COALESCE((SELECT MAX(seq) FROM outbox), 0), COALESCE((SELECT value FROM sequences WHERE name = 'outbox'), 0))
        """
    private static let nextSeq = "\(lastSeqExpression) + 1"

    /// Records the current last sequence number as the floor (before compaction deletes rows).
    static func saveFloor(_ db: Database) throws {
        try db.run("""
                INSERT INTO sequences (name, value) VALUES ('outbox', ?)
                ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)
                """, [try lastSeq(db)])
    }

    static func decode(_ row: Row) throws -> OutboxEntry {
        let json: String = row["payload"]
        guard let id = UUID(uuidString: row["event_id"]), let day = LocalDay(rawValue: row["day"]),
            let state = OutboxEntry.State(rawValue: row["state"])
        else { throw StoreError(.corrupt, "unreadable outbox row \(row["seq"] as Int64? ?? -1)") }
        let document = try EventDocument.decode(json)
        let event = QueueEvent(
            id: id, occurredAt: Date(millisecondsSince1970: row["occurred_at"]), day: day, payload: document.payload,
            agent: document.agent)
        return OutboxEntry(seq: row["seq"], dbEpoch: row["db_epoch"], event: event, payloadJSON: json, state: state)
    }
}
