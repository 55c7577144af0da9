import Foundation
import GRDB
import TurneroCore

/// Reading and writing `Turn` values in the `turns` table.
enum TurnRow {
    static let columns = """
        id, label, service, preferential, day, issued_at, queued_since, ord, state, counter, calls,
        last_called_at, started_at, finished_at, outcome
        """

    /// Decodes a row selected with `columns`, by position (name lookups are slow on hot paths).
    static func decode(_ row: Row) throws -> Turn {
        guard let id = UUID(uuidString: row[0]), let day = LocalDay(rawValue: row[4]),
            let state = TurnState(rawValue: row[8])
        else { throw StoreError(.corrupt, "unreadable turn row \(String(describing: row[0] as String?))") }
        var turn = Turn(
            id: id, label: row[1], service: ServiceCode(row[2] as String), preferential: row[3], day: day,
            issuedAt: Date(millisecondsSince1970: row[5]), order: row[7])
        turn.queuedSince = Date(millisecondsSince1970: row[6])
        turn.state = state
        turn.counter = row[9]
        turn.calls = row[10]
        turn.lastCalledAt = (row[11] as Int64?).map(Date.init(millisecondsSince1970:))
        turn.startedAt = (row[12] as Int64?).map(Date.init(millisecondsSince1970:))
        turn.finishedAt = (row[13] as Int64?).map(Date.init(millisecondsSince1970:))
        turn.outcome = (row[14] as String?).flatMap(ServiceOutcome.init(rawValue:))
        return turn
    }

    static func fetchAll(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> [Turn] {
        try db.rows("SELECT \(columns) FROM turns WHERE \(condition)", arguments)
            .map(decode)
    }

    static func fetchOne(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> Turn? {
        try db.row("SELECT \(columns) FROM turns WHERE \(condition) LIMIT 1", arguments)
            .map(decode)
    }

    /// The waiting turns of `services` as the ordering rule sees them (a light query: the
    /// selection runs on every call and every issue).
    static func waitingCandidates(_ db: Database, services: [ServiceCode]) throws -> [QueueCandidate] {
        let placeholders = services.map { _ in "?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "SELECT ord, preferential, queued_since FROM turns WHERE state = 'waiting' AND service IN (\(placeholders))")
        // A cursor reads columns in place instead of copying each row.
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(services.map(\.rawValue)))
        var candidates: [QueueCandidate] = []
        while let row = try rows.next() {
            candidates.append(
                QueueCandidate(order: row[0], preferential: row[1], queuedSince: Date(millisecondsSince1970: row[2])))
        }
        return candidates
    }

    static func insert(_ turn: Turn, _ db: Database) throws {
        var values = arguments(turn)
        _ = values.append(contentsOf: [turn.service.rawValue])
        try db.run("INSERT INTO turns (\(columns), issue_service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    }

    /// Writes the mutable fields of `turn` back, found by its rowid (`ord`): one B-tree search
    /// instead of the id index's and then the table's.
    static func update(_ turn: Turn, _ db: Database) throws {
        try db.run("""
                UPDATE turns SET service = ?, queued_since = ?, state = ?, counter = ?, calls = ?,
                    last_called_at = ?, started_at = ?, finished_at = ?, outcome = ?
                WHERE ord = ?
                """, [
                turn.service.rawValue, turn.queuedSince.millisecondsSince1970, turn.state.rawValue,
                turn.counter, turn.calls, turn.lastCalledAt?.millisecondsSince1970,
                turn.startedAt?.millisecondsSince1970, turn.finishedAt?.millisecondsSince1970,
                turn.outcome?.rawValue, turn.order,
            ])
    }

    private static func arguments(_ turn: Turn) -> StatementArguments {
        [
            turn.id.uuidString, turn.label, turn.service.rawValue, turn.preferential, turn.day.rawValue,
            turn.issuedAt.millisecondsSince1970, turn.queuedSince.millisecondsSince1970, turn.order,
            turn.state.rawValue, turn.counter, turn.calls, turn.lastCalledAt?.millisecondsSince1970,
            turn.startedAt?.millisecondsSince1970, turn.finishedAt?.millisecondsSince1970,
            turn.outcome?.rawValue,
        ]
    }
}
