public import Foundation
import GRDB
public import TurneroCore

/// Sync-relevant figures about the outbox.
public struct OutboxSummary: Sendable, Hashable {
    public var total: Int
    public var pending: Int
    public var firstSeq: Int64?
    public var lastSeq: Int64?
    public var oldestPendingAt: Date?
}

extension QueueStore {
    /// The KPIs of `day` (default today) computed from its events.
    public func report(day: LocalDay? = nil) throws(StoreError) -> KPIReport {
        let now = clock()
        let target = day ?? self.day(at: now)
        let events = try events(of: target, closures: "callback.closed")
        let dayEnd = target.interval(in: configuration.resolvedTimeZone).end
        return KPICalculator(configuration: configuration).report(events: events, day: target, until: min(now, dayEnd))
    }

    /// The events of `day` in order, with every event of type `closures` (a closure recorded on
    /// another day that a report of `day` must see).
    func events(of day: LocalDay, closures: String) throws(StoreError) -> [QueueEvent] {
        try read { db in
            try db.rows("SELECT * FROM outbox WHERE day = ? OR type = ? ORDER BY seq", [day.rawValue, closures]
            ).map { try Outbox.decode($0).event }
        }
    }

    /// Outbox entries with `seq` in `range`, in order.
    public func outboxEntries(from first: Int64 = 1, limit: Int = 1000) throws(StoreError) -> [OutboxEntry] {
        try read { db in
            try db.rows("SELECT * FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?", [first, limit]
            ).map(Outbox.decode)
        }
    }

    /// Counts and bounds of the outbox.
    public func outboxSummary() throws(StoreError) -> OutboxSummary {
        try read { db in
            let row = try db.row("""
                    SELECT COUNT(*) AS total, MIN(seq) AS first, MAX(seq) AS last,
                        SUM(state = 'pending') AS pending,
                        MIN(CASE WHEN state = 'pending' THEN occurred_at END) AS oldest
                    FROM outbox
                    """)!
            return OutboxSummary(
                total: row["total"], pending: row["pending"] ?? 0, firstSeq: row["first"], lastSeq: row["last"],
                oldestPendingAt: (row["oldest"] as Int64?).map(Date.init(millisecondsSince1970:)))
        }
    }
}
