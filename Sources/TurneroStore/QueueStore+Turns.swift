public import Foundation
import GRDB
public import TurneroCore

/// How a person names a turn: its printed label (today's first) or its id.
public enum TurnLookup: Sendable, Hashable, CustomStringConvertible {
    case id(UUID)
    case label(String)

    /// Parses a UUID or a label like `p-7` / `P-007`; nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        if let id = UUID(uuidString: trimmed) {
            self = .id(id)
        } else if let parsed = TurnLabel.parse(trimmed) {
            self = .label(TurnLabel.make(prefix: parsed.prefix, number: parsed.number))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .id(let id): id.uuidString.lowercased()
        case .label(let label): label
        }
    }
}

extension QueueStore {
    /// The turn named by `lookup`: a label means today's turn, or the latest with that label.
    public func turn(_ lookup: TurnLookup) throws(StoreError) -> Turn {
        let today = day(at: clock())
        return try read { db in try findTurn(lookup, today: today, db) }
    }

    /// Turns waiting now, in the order the rule would call them from one fresh counter
    /// (optionally only the services `counter` serves).
    public func waitingTurns(counter: Int? = nil) throws(StoreError) -> [Turn] {
        let services = try counter.map { number throws(StoreError) in Set(try requireCounter(number).services) }
        let now = clock()
        let waiting = try read { db in try TurnRow.fetchAll(db, where: "\(TurnRow.live) AND state = 'waiting' ORDER BY ord") }
            .filter { services?.contains($0.service) ?? true }
        var remaining = waiting.map(\.candidate)
        var state = OrderingState()
        var ordered: [Turn] = []
        while let selection = selector.next(from: remaining, state: state, now: now) {
            ordered.append(waiting.first { $0.order == selection.candidate.order }!)
            remaining.removeAll { $0.order == selection.candidate.order }
            state = selection.nextState
        }
        return ordered
    }

    /// Turns of `day` (default today) in issue order.
    public func turns(on day: LocalDay? = nil) throws(StoreError) -> [Turn] {
        let target = day ?? self.day(at: clock())
        return try read { db in try TurnRow.fetchAll(db, where: "day = ? ORDER BY ord", [target.rawValue]) }
    }

    /// Cancels a waiting turn (the customer left before being called).
    public func cancel(_ lookup: TurnLookup) throws(StoreError) -> Turn {
        try act(on: lookup, .cancel)
    }

    /// Puts a no-show back in the queue with its original arrival, within the tolerance.
    public func reactivate(_ lookup: TurnLookup) throws(StoreError) -> Turn {
        try act(on: lookup, .reactivate)
    }

    /// Closes the office day now: waiting and called turns are abandoned, turns in service are
    /// closed, counters are closed. Returns how many turns were closed.
    @discardableResult
    public func closeDay() throws(StoreError) -> Int {
        try transaction { context in
            let open = try TurnRow.fetchAll(context.db, where: "\(TurnRow.live) ORDER BY ord")
            for var turn in open {
                let payload = try apply(.endOfDay, to: &turn, at: context.now)
                try TurnRow.update(turn, context.db)
                try context.record(payload, day: turn.day)
            }
            let counters = try context.db.values(Int.self, "SELECT counter FROM counter_state WHERE open_since IS NOT NULL")
            for counter in counters {
                try context.db.run("UPDATE counter_state SET open_since = NULL WHERE counter = ?", [counter])
                try context.record(.counterClosed(counter: counter))
            }
            try context.endSessions(before: nil)
            return open.count
        }
    }

    private func act(on lookup: TurnLookup, _ command: TurnCommand) throws(StoreError) -> Turn {
        try transaction { context in
            var turn = try findTurn(lookup, today: context.day, context.db)
            let payload = try apply(command, to: &turn, at: context.now)
            try TurnRow.update(turn, context.db)
            try context.record(payload)
            return turn
        }
    }

    func findTurn(_ lookup: TurnLookup, today: LocalDay, _ db: Database) throws -> Turn {
        let found: Turn?
        switch lookup {
        case .id(let id):
            found = try TurnRow.fetchOne(db, where: "id = ?", [id.uuidString])
        case .label(let label):
            found = try TurnRow.fetchOne(db, where: "day = ? AND label = ?", [today.rawValue, label])
                ?? TurnRow.fetchOne(db, where: "label = ? ORDER BY day DESC", [label])
        }
        guard let found else { throw StoreError(.turnNotFound, "no turn \(lookup)") }
        return found
    }
}
