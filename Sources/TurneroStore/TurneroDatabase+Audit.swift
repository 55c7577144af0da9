import GRDB

/// Findings of a sequence audit: gaps or duplicates in the outbox and in labels.
public struct SequenceAudit: Sendable, Hashable {
    public var outboxCount: Int
    public var outboxFirst: Int64?
    public var outboxLast: Int64?
    /// Sequence numbers missing between the first and last outbox rows.
    public var outboxGaps: Int
    public var labelCount: Int
    /// Numbers missing per (day, service) between 1 and the counter's last number.
    public var labelGaps: Int
    /// (day, label) pairs used more than once (impossible unless the schema was bypassed).
    public var labelDuplicates: Int
    /// Turns whose `turn.issued` event is missing from the outbox (among the events not yet
    /// compacted after sync), or the other way round.
    public var issueEventMismatches: Int

    public var isSound: Bool { outboxGaps == 0 && labelGaps == 0 && labelDuplicates == 0 && issueEventMismatches == 0 }
}

extension TurneroDatabase {
    /// Audits gaplessness: outbox sequence, labels per service and day, one issue event per turn.
    public func auditSequences() throws(StoreError) -> SequenceAudit {
        try Self.storage {
            try writer.read { db in
                let outbox = try db.row("SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM outbox")!
                let count: Int = outbox["n"]
                let first: Int64? = outbox["lo"]
                let last: Int64? = outbox["hi"]
                let expected = first.flatMap { lo in last.map { Int($0 - lo + 1) } } ?? 0
                let labelCount = try db.value(Int.self, "SELECT COUNT(*) FROM turns")!
                // Each (day, service) must hold exactly the numbers 1…last_number.
                let labelGaps = try db.value(Int.self, """
                        SELECT COALESCE(SUM(c.last_number - (
                            SELECT COUNT(*) FROM turns t WHERE t.day = c.day AND t.issue_service = c.service)), 0)
                        FROM label_counters c
                        """)!
                let duplicates = try db.value(Int.self, "SELECT COUNT(*) FROM (SELECT day, label FROM turns GROUP BY day, label HAVING COUNT(*) > 1)")!
                let mismatches = try db.value(Int.self, """
                        SELECT (SELECT COUNT(*) FROM turns WHERE id NOT IN
                                    (SELECT turn_id FROM outbox WHERE type = 'turn.issued')
                                    -- events older than the oldest kept one were compacted after sync
                                    AND issued_at >= COALESCE((SELECT MIN(occurred_at) FROM outbox), 0))
                             + (SELECT COUNT(*) FROM outbox WHERE type = 'turn.issued' AND turn_id NOT IN
                                    (SELECT id FROM turns))
                        """)!
                return SequenceAudit(
                    outboxCount: count, outboxFirst: first, outboxLast: last, outboxGaps: expected - count,
                    labelCount: labelCount, labelGaps: labelGaps, labelDuplicates: duplicates,
                    issueEventMismatches: mismatches)
            }
        }
    }
}
