import Foundation
import GRDB
public import TurneroCore

/// The turn a counter just called, and why the ordering rule chose it.
public struct CalledTurn: Sendable, Hashable {
    public var turn: Turn
    public var reason: QueueSelector.Reason
}

extension QueueStore {
    /// Calls the next turn for `counter` by the ordering rule; opens the counter if needed.
    ///
    /// - Throws: `.unknownCounter`, `.counterBusy` (a turn is still called or in service there),
    ///   `.emptyQueue`.
    public func call(counter number: Int) throws(StoreError) -> CalledTurn {
        let counter = try requireCounter(number)
        return try transaction { context in
            let db = context.db
            if let current = try currentTurn(counter: number, db) {
                throw StoreError(
                    .counterBusy,
                    "counter \(number) still has \(current.label) \(current.state.rawValue); finish, mark no-show or send it back first")
            }
            let agent = try context.actingAgent(counter: number)
            // One read of the counter's row: whether it is open, and its place in the pattern.
            let (isOpen, state) = try db.withCall("SELECT open_since, last_class, run_length FROM counter_state WHERE counter = ?") { call in
                call.bind(number)
                guard try call.step() else { return (false, OrderingState()) }
                return (!call.isNull(0), OrderingState(lastClass: call.optionalText(1).flatMap(TurnClass.init(rawValue:)), runLength: call.int(2)))
            }
            if !isOpen { try context.openCounterIfClosed(number) }
            let waiting = try TurnRow.queueHeads(db, services: counter.services)
            guard let selection = selector.next(from: waiting, state: state, now: context.now),
                var turn = try TurnRow.fetchOne(db, where: "ord = ?", [selection.candidate.order])
            else {
                let services = counter.services.map(\.rawValue).joined(separator: ", ")
                throw StoreError(.emptyQueue, "nobody is waiting for counter \(number) (\(services))")
            }
            let payload = try apply(.call(counter: number), to: &turn, at: context.now)
            try TurnRow.update(turn, db)
            try db.call(
                "UPDATE counter_state SET last_class = ?, run_length = ? WHERE counter = ?",
                [selection.nextState.lastClass?.rawValue, selection.nextState.runLength, number])
            try context.record(payload, agent: agent)
            return CalledTurn(turn: turn, reason: selection.reason)
        }
    }

    /// Calls the counter's current turn again (up to the office's call limit).
    public func recall(counter: Int) throws(StoreError) -> Turn {
        try actOnCurrent(counter: counter, .recall)
    }

    /// The customer arrived at the counter: service starts.
    public func start(counter: Int) throws(StoreError) -> Turn {
        try actOnCurrent(counter: counter, .start)
    }

    /// Service ended with `outcome`, the request not typed (refused when the office requires
    /// types: see ``finish(counter:record:)``).
    public func finish(counter: Int, outcome: ServiceOutcome = .resolved) throws(StoreError) -> Turn {
        try finish(counter: counter, record: nil, outcome: outcome).turn
    }

    /// The called customer did not come.
    public func noShow(counter: Int) throws(StoreError) -> Turn {
        try actOnCurrent(counter: counter, .noShow)
    }

    /// Sends the called turn back to the queue, keeping its arrival time.
    public func returnToQueue(counter: Int) throws(StoreError) -> Turn {
        try actOnCurrent(counter: counter, .returnToQueue)
    }

    /// Moves the turn in service to another service's queue, keeping its arrival time.
    public func transfer(counter: Int, to service: ServiceCode) throws(StoreError) -> Turn {
        _ = try requireService(service)
        return try actOnCurrent(counter: counter, .transfer(to: service))
    }

    /// Opens `counter` for the day (calling also opens it).
    public func openCounter(_ number: Int) throws(StoreError) {
        _ = try requireCounter(number)
        try transaction { context in try context.openCounterIfClosed(number) }
    }

    /// Closes `counter`; refused while it has a turn called or in service.
    public func closeCounter(_ number: Int) throws(StoreError) {
        _ = try requireCounter(number)
        try transaction { context in
            if let current = try currentTurn(counter: number, context.db) {
                throw StoreError(.counterBusy, "counter \(number) still has \(current.label) \(current.state.rawValue)")
            }
            let open = try context.db.value(Int.self, "SELECT 1 FROM counter_state WHERE counter = ? AND open_since IS NOT NULL", [number])
            guard open != nil else { return }
            try context.db.run("UPDATE counter_state SET open_since = NULL WHERE counter = ?", [number])
            try context.record(.counterClosed(counter: number))
        }
    }

    /// The turn called or in service at `counter`, if any.
    public func currentTurn(counter: Int) throws(StoreError) -> Turn? {
        try read { db in try currentTurn(counter: counter, db) }
    }

    func currentTurn(counter: Int, _ db: Database) throws -> Turn? {
        // Two searches of the live index rather than `state IN (…)`, which SQLite would run
        // through a temporary B-tree on every transition.
        try TurnRow.fetchOne(db, where: "\(TurnRow.live) AND state = 'called' AND counter = ?", [counter])
            ?? TurnRow.fetchOne(db, where: "\(TurnRow.live) AND state = 'serving' AND counter = ?", [counter])
    }

    private func actOnCurrent(counter number: Int, _ command: TurnCommand) throws(StoreError) -> Turn {
        _ = try requireCounter(number)
        return try transaction { context in try context.act(command, counter: number).turn }
    }
}

extension ActionContext {
    /// Applies `command` to the turn called or in service at `counter` for the agent signed in
    /// there, and records its event.
    /// - Parameter current: that turn when the caller has just read it in this transaction.
    mutating func act(_ command: TurnCommand, counter number: Int, current: Turn? = nil) throws -> (turn: Turn, agent: AgentID?) {
        let agent = try actingAgent(counter: number)
        guard var turn = try current ?? store.currentTurn(counter: number, db) else {
            throw StoreError(.noCurrentTurn, "counter \(number) has no turn called or in service; call one first")
        }
        let payload = try store.apply(command, to: &turn, at: now)
        try TurnRow.update(turn, db)
        try record(payload, agent: agent)
        return (turn, agent)
    }

    /// Records `counter.opened` unless the counter is already open.
    mutating func openCounterIfClosed(_ number: Int) throws {
        let openSince = try db.value(Int64.self, "SELECT open_since FROM counter_state WHERE counter = ?", [number])
        guard openSince == nil else { return }
        try db.run("""
                INSERT INTO counter_state (counter, open_since) VALUES (?, ?)
                ON CONFLICT (counter) DO UPDATE SET open_since = excluded.open_since
                """, [number, now.millisecondsSince1970])
        try record(.counterOpened(counter: number))
    }
}
