public import Foundation
import GRDB
public import TurneroCore

extension QueueStore {
    /// A number that changes whenever another process commits to the database (SQLite's
    /// `data_version`): displays woken by ``TurneroDatabase/changes()`` compare it and re-read
    /// only when something happened.
    public func changeCounter() throws(StoreError) -> Int {
        try read { db in try db.value(Int.self, "PRAGMA data_version") ?? 0 }
    }

    /// The turn most recently finished at `counter` that nobody rated yet, if it finished within
    /// `window` (what a counter's rating screen asks about).
    public func latestUnratedFinish(counter: Int, within window: TimeInterval) throws(StoreError) -> Turn? {
        let since = clock().addingTimeInterval(-window).millisecondsSince1970
        return try read { db in
            try TurnRow.fetchOne(
                db,
                where: """
                    state = 'served' AND counter = ? AND outcome <> 'unrecorded' AND finished_at >= ?
                        AND id NOT IN (SELECT turn_id FROM ratings) ORDER BY finished_at DESC
                    """,
                [counter, since])
        }
    }

    /// The turn issued last (the kiosk's heartbeat reports it), nil before the first.
    public func lastIssuedTurn() throws(StoreError) -> Turn? {
        try read { db in try TurnRow.fetchOne(db, where: "1 ORDER BY ord DESC") }
    }

    /// Today's most recent calls, newest first (the office board).
    public func recentCalls(limit: Int = 6) throws(StoreError) -> [Turn] {
        let today = day(at: clock())
        return try read { db in
            try TurnRow.fetchAll(
                db, where: "day = ? AND last_called_at IS NOT NULL ORDER BY last_called_at DESC LIMIT ?",
                [today.rawValue, limit])
        }
    }

    /// How many turns wait right now.
    public func waitingCount() throws(StoreError) -> Int {
        try read { db in try db.value(Int.self, "SELECT COUNT(*) FROM turns WHERE state = 'waiting'") ?? 0 }
    }

    /// How many turns wait right now for each service (services nobody waits for are absent).
    public func waitingCountsByService() throws(StoreError) -> [ServiceCode: Int] {
        try read { db in
            var counts: [ServiceCode: Int] = [:]
            for row in try db.rows("SELECT service, COUNT(*) AS n FROM turns WHERE state = 'waiting' GROUP BY service") {
                counts[ServiceCode(row["service"] as String)] = row["n"]
            }
            return counts
        }
    }
}
