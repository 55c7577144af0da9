import Foundation
import GRDB
public import TurneroCore

/// A ticket just issued: the turn, its place in line and the wait estimate, all committed.
public struct IssuedTicket: Sendable, Hashable {
    public var turn: Turn
    public var service: Service
    /// Turns the ordering rule would call before this one right now.
    public var ahead: Int
    /// The printed range, or nil when there are too few samples or no open counter.
    public var estimate: WaitEstimate?
    /// The outbox sequence of the `turn.issued` event.
    public var eventSequence: Int64
    /// The print job committed with the turn.
    public var printJob: Int64
    /// The code printed on the ticket for rating at the kiosk (``QueueStore/ratingCode(for:)``).
    public var ratingCode: String = ""
    /// The language the customer chose: the ticket says it that way.
    public var language: Language = .spanish
    /// What the ticket's QR holds (``QueueStore/ticketPayload(for:)``).
    public var qrPayload: String = ""
}

extension QueueStore {
    /// Issues a ticket for `service`: the label is taken, the turn stored and the event
    /// recorded in one durable transaction, before anything is printed.
    ///
    /// - Throws: `StoreError` `.unknownService`, or a storage failure.
    public func issueTurn(service code: ServiceCode, preferential: Bool, language: Language = .spanish) throws(StoreError) -> IssuedTicket {
        let service = try requireService(code)
        let key = try ratingKey()
        var token = ""
        var issued = try transaction { context in
            let db = context.db
            // Written, then read: `RETURNING` would stage its row in a temporary B-tree.
            try db.call("""
                    INSERT INTO label_counters (day, service, last_number) VALUES (?, ?, 1)
                    ON CONFLICT (day, service) DO UPDATE SET last_number = last_number + 1
                    """, [context.day.rawValue, code.rawValue])
            guard let number = try db.callInt64(
                "SELECT last_number FROM label_counters WHERE day = ? AND service = ?", [context.day.rawValue, code.rawValue])
            else { throw StoreError(.io, "no label number was given for \(code.rawValue)") }
            // Turns are never deleted, so the next rowid is the next issue order.
            let order = try db.callInt64("SELECT COALESCE(MAX(ord), 0) + 1 FROM turns") ?? 1
            let turn = Turn(
                id: makeID(), label: TurnLabel.make(prefix: service.prefix, number: Int(number)), service: code,
                preferential: preferential, day: context.day, issuedAt: context.now, order: order)
            let waiting = try TurnRow.waitingCandidates(db, services: [code])
            let ahead = selector.position(of: turn.candidate, among: waiting, now: context.now)
            let estimate = try estimateWait(for: code, ahead: ahead, db)
            try TurnRow.insert(turn, db)
            token = Self.ticketToken(for: turn.id, key: key)
            let link = Self.ticketTokenHash(token)
            let seq = try context.record(.turnIssued(
                turn: turn.reference, preferential: preferential, ahead: ahead, estimate: estimate, link: link, language: language))
            try db.call(
                "INSERT INTO print_jobs (turn_id, kind, ahead, estimate, language, created_at) VALUES (?, 'ticket', ?, ?, ?, ?)",
                [turn.id.upperText, ahead, estimate?.text, language.rawValue, context.now.millisecondsSince1970])
            return IssuedTicket(
                turn: turn, service: service, ahead: ahead, estimate: estimate, eventSequence: seq,
                printJob: db.lastInsertedRowID, language: language)
        }
        issued.ratingCode = Self.ratingCode(for: issued.turn.id, key: key)
        issued.qrPayload = ticketPayload(for: issued.turn, token: token, key: key)
        return issued
    }

    /// `(A + ½·B) × AHT / C` from the database: see `WaitEstimator`.
    func estimateWait(for code: ServiceCode, ahead: Int, _ db: Database) throws -> WaitEstimate? {
        let atCounters = try db.callInt64("""
                SELECT (SELECT COUNT(*) FROM turns WHERE \(TurnRow.live) AND state = 'called' AND service = ?1)
                    + (SELECT COUNT(*) FROM turns WHERE \(TurnRow.live) AND state = 'serving' AND service = ?1)
                """, [code.rawValue]) ?? 0
        // Walk + service time of recent turns served here (finish − last call).
        let handling: [Double] = try Array(db.withCall("""
                SELECT finished_at - last_called_at FROM turns
                WHERE state = 'served' AND service = ? AND outcome <> 'unrecorded'
                    AND last_called_at IS NOT NULL AND started_at IS NOT NULL
                ORDER BY finished_at DESC LIMIT ?
                """
        ) { call in
            call.bind(code.rawValue)
            call.bind(estimator.sampleSize)
            var seconds: [Double] = []
            while try call.step() { seconds.append(Double(call.int64(0)) / 1000) }
            return seconds
        }.reversed())
        let openCounters = try db.withCall("SELECT counter FROM counter_state WHERE open_since IS NOT NULL") { call in
            var open: Set<Int> = []
            while try call.step() { open.insert(call.int(0)) }
            return open
        }
        let capacity = WaitEstimator.capacity(for: code, counters: configuration.counters, open: openCounters)
        return estimator.estimate(ahead: ahead, atCounters: Int(atCounters), handlingTimes: handling, counterCapacity: capacity)
    }
}
