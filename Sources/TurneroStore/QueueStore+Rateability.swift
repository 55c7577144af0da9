import GRDB
public import TurneroCore

/// Whether a turn can be rated now.
public enum Rateability: Sendable, Hashable {
    case rateable(Turn)
    case notFound
    /// Not served (yet), or closed without an outcome.
    case notServed(Turn)
    case alreadyRated(Turn)
}

extension QueueStore {
    /// Checks, without changing anything, whether `lookup` names a served turn not yet rated.
    public func rateability(of lookup: TurnLookup) throws(StoreError) -> Rateability {
        let today = day(at: clock())
        return try read { db in
            let turn: Turn
            do {
                turn = try findTurn(lookup, today: today, db)
            } catch let error as StoreError where error.code == .turnNotFound {
                return .notFound
            }
            guard turn.state == .served, turn.outcome != .unrecorded else { return .notServed(turn) }
            let rated = try db.value(Int.self, "SELECT 1 FROM ratings WHERE turn_id = ?", [turn.id.uuidString]) != nil
            return rated ? .alreadyRated(turn) : .rateable(turn)
        }
    }

    /// For rating at the kiosk's home screen: the turn named by `label`, only when `code` is the
    /// code printed on its ticket. A wrong code answers `.notFound`, as an unknown label does,
    /// so guessing says nothing about which turns exist.
    public func rateability(label: String, code: String) throws(StoreError) -> Rateability {
        let result = try rateability(of: .label(label))
        let turn: Turn
        switch result {
        case .rateable(let found), .notServed(let found), .alreadyRated(let found): turn = found
        case .notFound: return .notFound
        }
        let expected = try ratingCode(for: turn.id)
        guard code.utf8.count == expected.utf8.count, zip(code.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return .notFound
        }
        return result
    }

    /// A cheap read that fails when the database cannot be used (health checks).
    public func ping() throws(StoreError) {
        _ = try read { db in try db.value(Int.self, "SELECT COUNT(*) FROM meta") }
    }
}
