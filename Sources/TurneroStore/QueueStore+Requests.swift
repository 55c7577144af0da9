public import Foundation
import GRDB
public import TurneroCore

/// A turn finished with its request typed, and the escalation the finish opened.
public struct TypedFinish: Sendable, Hashable {
    public var turn: Turn
    /// Who was signed in at the counter.
    public var agent: AgentID?
    /// The escalation opened, when the request was escalated.
    public var escalation: Escalation?
}

extension QueueStore {
    /// Finishes the turn in service at `counter` recording what the customer asked and how it
    /// ended, in one transaction: `turn.finished` (its outcome follows the resolution),
    /// `turn.request_typed`, and for an escalation `escalation.opened` with its due day —
    /// `termBusinessDays` business days after today, weekends and the configured holidays skipped.
    ///
    /// - Parameters:
    ///   - record: nil finishes untyped with `outcome` (refused when the office requires types).
    ///   - outcome: the outcome of an untyped finish.
    /// - Throws: `.requestRefused` (message in Spanish / English) when the record breaks the
    ///   office's rules, plus the errors of ``finish(counter:outcome:)``.
    public func finish(counter number: Int, record: FinishRecord?, outcome: ServiceOutcome = .resolved) throws(StoreError) -> TypedFinish {
        _ = try requireCounter(number)
        return try transaction { context in
            guard let current = try currentTurn(counter: number, context.db) else {
                throw StoreError(.noCurrentTurn, "counter \(number) has no turn called or in service; call one first")
            }
            let plan: PlannedEscalation?
            switch configuration.typeRequest(record, service: current.service, filedOn: context.day) {
            case .success(let planned): plan = planned
            case .failure(let refusal): throw StoreError(.requestRefused, "\(refusal.es) / \(refusal.en)")
            }
            let (turn, agent) = try context.act(.finish(record?.resolution.outcome ?? outcome), counter: number, current: current)
            guard let record else { return TypedFinish(turn: turn, agent: agent) }
            var escalation: Escalation?
            if let plan {
                escalation = Escalation(
                    id: makeID(), turn: turn.reference, area: plan.area, types: record.types, openedAt: context.now,
                    openedOn: context.day, due: plan.due, agent: agent, counter: number)
            }
            try context.record(
                .requestTyped(turn: turn.reference, counter: number, types: record.types, resolution: record.resolution,
                              escalation: escalation?.id), agent: agent)
            if let escalation {
                let types = String(decoding: try JSONEncoder().encode(escalation.types), as: UTF8.self)
                try context.db.run("""
                    INSERT INTO escalations (id, turn_id, label, service, area, types, opened_at, opened_day, due, agent, counter)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [escalation.id.uuidString, turn.id.uuidString, turn.label, turn.service.rawValue, escalation.area, types,
                          context.now.millisecondsSince1970, context.day.rawValue, escalation.due.rawValue, agent?.rawValue, number])
                // The contact goes apart from the events (kept for good): only its consent is in them.
                if let contact = record.contact {
                    try context.db.run(
                        "INSERT INTO escalation_contacts (escalation_id, phone, email, consented_at) VALUES (?, ?, ?, ?)",
                        [escalation.id.uuidString, contact.phoneDigits, contact.emailAddress, context.now.millisecondsSince1970])
                }
                try context.record(
                    .escalationOpened(escalation: escalation.id, turn: turn.reference, area: escalation.area, types: escalation.types,
                                      due: escalation.due, contactGiven: record.contact != nil), agent: agent)
            }
            return TypedFinish(turn: turn, agent: agent, escalation: escalation)
        }
    }

    /// Escalations opened at this office, open ones first by due day, then closed ones.
    public func escalations(openOnly: Bool = false, limit: Int = 200) throws(StoreError) -> [Escalation] {
        try read { db in
            try db.rows("""
                SELECT * FROM escalations \(openOnly ? "WHERE closed_at IS NULL" : "")
                ORDER BY closed_at IS NOT NULL, due, opened_at LIMIT ?
                """, [limit]).map(Self.escalation)
        }
    }

    /// Records the answer to an escalation (`escalation.closed`). A second closure is refused.
    /// - Throws: `.escalationNotFound`, `.invalidArgument` (closed already, or an empty answer).
    public func closeEscalation(_ id: UUID, answer: String) throws(StoreError) -> Escalation {
        let text = String(answer.trimmingWhitespace().prefix(Escalation.maxAnswerLength))
        guard !text.isEmpty else { throw StoreError(.invalidArgument, "write the answer given to the customer") }
        return try transaction { context in
            guard let row = try context.db.row("SELECT * FROM escalations WHERE id = ?", [id.uuidString]) else {
                throw StoreError(.escalationNotFound, "no escalation \(id.uuidString.lowercased())")
            }
            guard (row["closed_at"] as Int64?) == nil else { throw StoreError(.invalidArgument, "the escalation is already closed") }
            try context.db.run("UPDATE escalations SET closed_at = ?, answer = ? WHERE id = ?",
                               [context.now.millisecondsSince1970, text, id.uuidString])
            try context.record(.escalationClosed(escalation: id, answer: text))
            var escalation = try Self.escalation(row)
            escalation.closedAt = context.now
            escalation.answer = text
            return escalation
        }
    }

    private static func escalation(_ row: Row) throws -> Escalation {
        guard let id = UUID(uuidString: row["id"]), let turn = UUID(uuidString: row["turn_id"]),
            let openedOn = LocalDay(rawValue: row["opened_day"]), let due = LocalDay(rawValue: row["due"])
        else { throw StoreError(.corrupt, "unreadable escalation row") }
        let types = (try? JSONDecoder().decode([String].self, from: Data((row["types"] as String).utf8))) ?? []
        var escalation = Escalation(
            id: id, turn: TurnReference(id: turn, label: row["label"], service: ServiceCode(row["service"] as String)),
            area: row["area"], types: types, openedAt: Date(millisecondsSince1970: row["opened_at"]), openedOn: openedOn, due: due,
            agent: (row["agent"] as String?).map(AgentID.init(rawValue:)), counter: row["counter"])
        escalation.closedAt = (row["closed_at"] as Int64?).map(Date.init(millisecondsSince1970:))
        escalation.answer = row["answer"]
        return escalation
    }
}
