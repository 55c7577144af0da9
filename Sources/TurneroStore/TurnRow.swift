import Foundation
import GRDB
import TurneroCore

/// Reading and writing `Turn` values in the `turns` table, through ``SQLiteCall`` (turns are
/// read and written on every queue transition).
enum TurnRow {
    static let columns = """
        id, label, service, preferential, day, issued_at, queued_since, ord, state, counter, calls,
        last_called_at, started_at, finished_at, outcome
        """

    /// The condition of the live-turns index (`turns_live`), repeated word for word by every
    /// query on waiting, called or in-service turns so SQLite uses that index. Comparisons, not
    /// `IN (…)`: SQLite evaluates a list of three or more values through a temporary B-tree,
    /// built again for every row written to `turns` and every query that repeats it.
    static let live = "(state = 'waiting' OR state = 'called' OR state = 'serving')"

    /// Decodes the current row of a statement selecting `columns`, by position.
    static func decode(_ row: SQLiteCall) throws -> Turn {
        guard let id = row.uuid(0), let day = LocalDay(rawValue: row.text(4)), let state = TurnState(rawValue: row.text(8))
        else { throw StoreError(.corrupt, "unreadable turn row \(row.optionalText(0) ?? "without id")") }
        var turn = Turn(
            id: id, label: row.text(1), service: ServiceCode(row.text(2)), preferential: row.bool(3), day: day,
            issuedAt: Date(millisecondsSince1970: row.int64(5)), order: row.int64(7))
        turn.queuedSince = Date(millisecondsSince1970: row.int64(6))
        turn.state = state
        turn.counter = row.optionalInt(9)
        turn.calls = row.int(10)
        turn.lastCalledAt = row.optionalInt64(11).map(Date.init(millisecondsSince1970:))
        turn.startedAt = row.optionalInt64(12).map(Date.init(millisecondsSince1970:))
        turn.finishedAt = row.optionalInt64(13).map(Date.init(millisecondsSince1970:))
        turn.outcome = row.optionalText(14).flatMap(ServiceOutcome.init(rawValue:))
        return turn
    }

    static func fetchAll(_ db: Database, where condition: String, _ arguments: [any SQLiteBindable] = []) throws -> [Turn] {
        try db.withCall("SELECT \(columns) FROM turns WHERE \(condition)") { call in
            call.bind(arguments)
            var turns: [Turn] = []
            while try call.step() { turns.append(try decode(call)) }
            return turns
        }
    }

    static func fetchOne(_ db: Database, where condition: String, _ arguments: [any SQLiteBindable] = []) throws -> Turn? {
        try db.withCall("SELECT \(columns) FROM turns WHERE \(condition) LIMIT 1") { call in
            call.bind(arguments)
            return try call.step() ? try decode(call) : nil
        }
    }

    /// The waiting turns of `services` as the ordering rule sees them (a light query: the
    /// selection runs on every call and every issue). One search per service: `service IN
    /// (…)` with two or more values would build a temporary B-tree on every call.
    static func waitingCandidates(_ db: Database, services: [ServiceCode]) throws -> [QueueCandidate] {
        var candidates: [QueueCandidate] = []
        for service in services {
            try db.withCall(
                "SELECT ord, preferential, queued_since FROM turns WHERE \(live) AND state = 'waiting' AND service = ?"
            ) { call in
                call.bind(service.rawValue)
                while try call.step() {
                    candidates.append(
                        QueueCandidate(order: call.int64(0), preferential: call.bool(1), queuedSince: Date(millisecondsSince1970: call.int64(2))))
                }
            }
        }
        return candidates
    }

    /// The first waiting turn of each class (preferential, normal) of each of `services`, first
    /// come first: all that ``QueueSelector/next(from:state:now:)`` looks at (the oldest turn
    /// over the wait cap, if any, is the oldest of these), found by two searches of the live
    /// index per service instead of reading the whole queue.
    static func queueHeads(_ db: Database, services: [ServiceCode]) throws -> [QueueCandidate] {
        var heads: [QueueCandidate] = []
        for service in services {
            for preferential in [true, false] {
                try db.withCall("""
                        SELECT ord, queued_since FROM turns
                        WHERE \(live) AND state = 'waiting' AND service = ? AND preferential = ?
                        ORDER BY queued_since, ord LIMIT 1
                        """
                ) { call in
                    call.bind(service.rawValue)
                    call.bind(preferential)
                    if try call.step() {
                        heads.append(
                            QueueCandidate(order: call.int64(0), preferential: preferential, queuedSince: Date(millisecondsSince1970: call.int64(1))))
                    }
                }
            }
        }
        return heads
    }

    static func insert(_ turn: Turn, _ db: Database) throws {
        try db.withCall("""
                INSERT INTO turns (\(columns), issue_service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ) { call in
            call.bind(turn.id.upperText)
            call.bind(turn.label)
            call.bind(turn.service.rawValue)
            call.bind(turn.preferential)
            call.bind(turn.day.rawValue)
            call.bind(turn.issuedAt.millisecondsSince1970)
            call.bind(turn.queuedSince.millisecondsSince1970)
            call.bind(turn.order)
            call.bind(turn.state.rawValue)
            bindProgress(turn, &call)
            call.bind(turn.service.rawValue)
            try call.run()
        }
    }

    /// Writes the mutable fields of `turn` back, found by its rowid (`ord`): one B-tree search
    /// instead of the id index's and then the table's.
    static func update(_ turn: Turn, _ db: Database) throws {
        try db.withCall("""
                UPDATE turns SET service = ?, queued_since = ?, state = ?, counter = ?, calls = ?,
                    last_called_at = ?, started_at = ?, finished_at = ?, outcome = ?
                WHERE ord = ?
                """
        ) { call in
            call.bind(turn.service.rawValue)
            call.bind(turn.queuedSince.millisecondsSince1970)
            call.bind(turn.state.rawValue)
            bindProgress(turn, &call)
            call.bind(turn.order)
            try call.run()
        }
    }

    /// counter, calls, last_called_at, started_at, finished_at, outcome, in that order.
    private static func bindProgress(_ turn: Turn, _ call: inout SQLiteCall) {
        call.bind(turn.counter)
        call.bind(turn.calls)
        call.bind(turn.lastCalledAt?.millisecondsSince1970)
        call.bind(turn.startedAt?.millisecondsSince1970)
        call.bind(turn.finishedAt?.millisecondsSince1970)
        call.bind(turn.outcome?.rawValue)
    }
}
