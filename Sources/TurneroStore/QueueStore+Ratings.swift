public import Foundation
import GRDB
public import TurneroCore

/// A stored rating and the call-back it opened, if the customer was a detractor.
public struct RecordedRating: Sendable, Hashable {
    public var turn: Turn
    public var score: RatingScore
    public var category: RatingCategory
    public var callback: Callback?
}

extension QueueStore {
    /// Records the customer's 1–10 rating for a served turn; a detractor score opens a
    /// call-back with the office's deadline (24 h) in the same transaction.
    ///
    /// - Throws: `.turnNotFound`, `.notRateable` (not served), `.alreadyRated`.
    public func rate(_ lookup: TurnLookup, score: RatingScore) throws(StoreError) -> RecordedRating {
        try transaction { context in
            let db = context.db
            let turn = try findTurn(lookup, today: context.day, db)
            guard turn.state == .served, turn.outcome != .unrecorded else {
                throw StoreError(.notRateable, "\(turn.label) is \(turn.state.rawValue); only served turns can be rated")
            }
            if try db.value(Int.self, "SELECT score FROM ratings WHERE turn_id = ?", [turn.id.uuidString]) != nil {
                throw StoreError(.alreadyRated, "\(turn.label) has already been rated")
            }
            let category = score.category(rules: configuration.rating)
            let callback = try context.storeRating(turn, score: score, callback: category == .detractor ? makeID() : nil)
            return RecordedRating(turn: turn, score: score, category: category, callback: callback)
        }
    }

    /// Call-backs not yet closed, earliest deadline first.
    public func openCallbacks() throws(StoreError) -> [Callback] {
        try read { db in
            try db.rows("SELECT * FROM callbacks WHERE closed_at IS NULL ORDER BY deadline").map(Self.callback)
        }
    }

    /// Closes a call-back with its outcome.
    public func closeCallback(_ id: UUID, outcome: CallbackOutcome) throws(StoreError) -> Callback {
        try transaction { context in
            guard let row = try context.db.row("SELECT * FROM callbacks WHERE id = ?", [id.uuidString]) else {
                throw StoreError(.callbackNotFound, "no call-back \(id.uuidString.lowercased())")
            }
            var callback = try Self.callback(row)
            guard callback.closedAt == nil else {
                throw StoreError(.invalidArgument, "call-back for \(callback.turn.label) is already closed")
            }
            callback.closedAt = context.now
            callback.outcome = outcome
            try context.db.run("UPDATE callbacks SET closed_at = ?, outcome = ? WHERE id = ?", [context.now.millisecondsSince1970, outcome.rawValue, id.uuidString])
            try context.record(.callbackClosed(callback: id, outcome: outcome))
            return callback
        }
    }

    /// Records a closure made at the centre as this office's own `callback.closed`, which also
    /// tells the centre the office knows. Nothing changes when the office already closed it.
    /// - Returns: whether anything was recorded.
    @discardableResult
    public func recordCentreClosure(callback id: UUID, outcome: CallbackOutcome) throws(StoreError) -> Bool {
        try transaction { context in
            let row = try context.db.row("SELECT closed_at FROM callbacks WHERE id = ?", [id.uuidString])
            if let row, (row["closed_at"] as Int64?) != nil { return false }
            if row != nil {
                try context.db.run(
                    "UPDATE callbacks SET closed_at = ?, outcome = ? WHERE id = ?",
                    [context.now.millisecondsSince1970, outcome.rawValue, id.uuidString])
            }
            // Unknown here (a replaced database): the event still tells the centre to stop asking.
            try context.record(.callbackClosed(callback: id, outcome: outcome))
            return true
        }
    }

    private static func callback(_ row: Row) throws -> Callback {
        guard let id = UUID(uuidString: row["id"]), let turnId = UUID(uuidString: row["turn_id"]) else {
            throw StoreError(.corrupt, "unreadable call-back row")
        }
        var callback = Callback(
            id: id, turn: TurnReference(id: turnId, label: row["label"], service: ServiceCode(row["service"] as String)),
            score: row["score"], openedAt: Date(millisecondsSince1970: row["opened_at"]), rules: RatingRules())
        callback.deadline = Date(millisecondsSince1970: row["deadline"])
        callback.closedAt = (row["closed_at"] as Int64?).map(Date.init(millisecondsSince1970:))
        callback.outcome = (row["outcome"] as String?).flatMap(CallbackOutcome.init(rawValue:))
        return callback
    }
}

extension ActionContext {
    /// Stores a served turn's rating and its `turn.rated`; with `callback`, opens that
    /// detractor call-back (deadline by the office's rules) and records `callback.opened`.
    mutating func storeRating(_ turn: Turn, score: RatingScore, callback id: UUID?) throws -> Callback? {
        try db.run("INSERT INTO ratings (turn_id, score, rated_at) VALUES (?, ?, ?)", [turn.id.uuidString, score.value, now.millisecondsSince1970])
        try record(.turnRated(turn: turn.reference, score: score.value), day: turn.day)
        guard let id else { return nil }
        let opened = Callback(id: id, turn: turn.reference, score: score.value, openedAt: now, rules: store.configuration.rating)
        try db.run("""
                INSERT INTO callbacks (id, turn_id, label, service, score, opened_at, deadline)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [
                opened.id.uuidString, turn.id.uuidString, turn.label, turn.service.rawValue, score.value,
                opened.openedAt.millisecondsSince1970, opened.deadline.millisecondsSince1970,
            ])
        try record(.callbackOpened(callback: opened.id, turn: turn.reference, score: score.value, deadline: opened.deadline), day: turn.day)
        return opened
    }
}
