public import CentralServer
public import Foundation
import Logging
import PostgresNIO
import TurneroCore

// The detractor team's work on PostgreSQL (as SQLiteCentralStorage+Callbacks.swift).
extension PostgresCentralStorage {
    static let callbackColumns = """
        callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline, outcome, closed_at,
        closed_by, phone, phone_consent_at, phone_consent_by, contact_given, phone_erased_at, assigned_to, assigned_at,
        reason, reason_note, area, second_survey, kiosk_closed_at
        """

    public func callbacks(_ filter: CallbackFilter) async throws -> [CallbackRecord] {
        let since = filter.openedSince?.milliseconds
        var query: PostgresQuery = """
            WHERE (\(filter.officeId)::text IS NULL OR office_id = \(filter.officeId))
                AND (NOT \(filter.openOnly) OR outcome IS NULL)
                AND (\(since)::bigint IS NULL OR opened_at >= \(since))
                AND (\(filter.assignedTo)::text IS NULL OR assigned_to = \(filter.assignedTo))
            ORDER BY (outcome IS NOT NULL), deadline, callback_id LIMIT \(Int64(max(0, filter.limit)))
            """
        query.sql = "SELECT \(Self.callbackColumns) FROM callbacks " + query.sql
        return try await records(try await rows(query), connection: nil)
    }

    public func callback(id: String) async throws -> CallbackRecord? {
        try await records(try await rows(Self.callbackQuery(id: id, lock: false)), connection: nil).first
    }

    public func recordCallbackAttempt(
        id: String, _ attempt: CallbackAttemptInput, policy: CallbackPolicy, byManager: Bool, now: Date
    ) async throws -> CallbackAttemptOutcome {
        try await transaction { connection in
            // The row lock serialises two agents working the same call-back.
            let locked = try await connection.query(Self.callbackQuery(id: id, lock: true), logger: self.logger).collect()
            guard let current = try await self.records(locked, connection: connection).first else { return .notFound }
            guard current.isOpen else { return .alreadyClosed(current) }
            let decision: CallbackRules.Decision
            switch CallbackRules.decide(attempt, on: current, policy: policy, byManager: byManager) {
            case .success(let decided): decision = decided
            case .failure(let refusal): return .refused(refusal.message)
            }
            try await connection.query("""
                INSERT INTO callback_attempts (callback_id, attempt, at, agent, result, note)
                VALUES (\(id), \(Int64(current.attempts.count + 1)), \(now.milliseconds), \(attempt.agent), \(attempt.result.rawValue),
                    \(attempt.note.map(Self.storable)))
                """, logger: self.logger)
            if current.assignedTo == nil {
                try await connection.query(
                    "UPDATE callbacks SET assigned_to = \(attempt.agent), assigned_at = \(now.milliseconds) WHERE callback_id = \(id)",
                    logger: self.logger)
            }
            if case .close(let outcome) = decision {
                let closure = attempt.closure
                try await connection.query("""
                    UPDATE callbacks SET outcome = \(outcome.rawValue), closed_at = \(now.milliseconds),
                        closed_by = \("agent:" + attempt.agent), reason = \(closure?.reason),
                        reason_note = \(closure?.reasonNote.map(Self.storable)), area = \(closure?.area),
                        second_survey = \(closure?.secondSurvey.map(Int64.init))
                    WHERE callback_id = \(id) AND outcome IS NULL
                    """, logger: self.logger)
            }
            let after = try await connection.query(Self.callbackQuery(id: id, lock: false), logger: self.logger).collect()
            guard let record = try await self.records(after, connection: connection).first else { return .notFound }
            return .recorded(record)
        }
    }

    public func assignCallbacks(agents: [String], now: Date) async throws -> Int {
        guard !agents.isEmpty else { return 0 }
        return try await transaction { connection in
            // One assigner at a time, across every instance of the centre.
            try await connection.query("SELECT pg_advisory_xact_lock(7358201124)", logger: self.logger)
            let unassigned = try await connection.query("""
                SELECT callback_id FROM callbacks
                WHERE outcome IS NULL AND assigned_to IS NULL AND (contact_given OR phone IS NOT NULL)
                ORDER BY deadline, callback_id
                """, logger: self.logger).collect().map { try $0.decode(String.self) }
            guard !unassigned.isEmpty else { return 0 }
            var load: [String: Int] = [:]
            for row in try await connection.query("""
                SELECT assigned_to, COUNT(*)::bigint FROM callbacks WHERE outcome IS NULL AND assigned_to IS NOT NULL
                GROUP BY assigned_to
                """, logger: self.logger).collect() {
                let (agent, count) = try row.decode((String, Int64).self)
                load[agent] = Int(count)
            }
            let plan = CallbackRules.assignments(unassigned: unassigned, openLoad: load, agents: agents)
            for (id, agent) in plan {
                try await connection.query("""
                    UPDATE callbacks SET assigned_to = \(agent), assigned_at = \(now.milliseconds)
                    WHERE callback_id = \(id) AND assigned_to IS NULL
                    """, logger: self.logger)
            }
            return plan.count
        }
    }

    public func reassignCallback(id: String, to agent: String, now: Date) async throws -> Bool {
        try await !rows("""
            UPDATE callbacks SET assigned_to = \(agent), assigned_at = \(now.milliseconds)
            WHERE callback_id = \(id) AND outcome IS NULL RETURNING callback_id
            """).isEmpty
    }

    public func storeCallbackContact(kioskId: String, callbackId: String, phone: String, consentAt: Date, now: Date) async throws
        -> ContactStorageResult
    {
        try await transaction { connection in
            let found = try await connection.query("""
                SELECT phone_erased_at FROM callbacks WHERE callback_id = \(callbackId) AND kiosk_id = \(kioskId) FOR UPDATE
                """, logger: self.logger).collect()
            guard let row = found.first else { return .unknown }
            if try row.decode(Int64?.self) != nil { return .discarded }
            try await connection.query("""
                UPDATE callbacks SET phone = \(Self.storable(phone)), phone_consent_at = \(consentAt.milliseconds),
                    phone_consent_by = 'cliente', contact_given = TRUE
                WHERE callback_id = \(callbackId) AND kiosk_id = \(kioskId)
                """, logger: self.logger)
            return .stored
        }
    }

    public func eraseCallbackContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await rows("""
            UPDATE callbacks SET phone = NULL, phone_consent_by = NULL, phone_erased_at = \(now.milliseconds)
            WHERE phone_erased_at IS NULL AND closed_at IS NOT NULL AND closed_at < \(closedBefore.milliseconds)
            RETURNING callback_id
            """).count
    }

    public func closuresToDeliver(kioskId: String, limit: Int) async throws -> [CallbackRecord] {
        var query: PostgresQuery = """
            WHERE kiosk_id = \(kioskId) AND outcome IS NOT NULL AND kiosk_closed_at IS NULL AND closed_by LIKE 'agent:%'
            ORDER BY closed_at, callback_id LIMIT \(Int64(max(0, limit)))
            """
        query.sql = "SELECT \(Self.callbackColumns) FROM callbacks " + query.sql
        return try await records(try await rows(query), connection: nil)
    }

    private static func callbackQuery(id: String, lock: Bool) -> PostgresQuery {
        var query: PostgresQuery = "WHERE callback_id = \(id)"
        query.sql = "SELECT \(callbackColumns) FROM callbacks " + query.sql + (lock ? " FOR UPDATE" : "")
        return query
    }

    /// Call-back rows with their attempts (one query for all of them).
    private func records(_ rows: [PostgresRow], connection: PostgresConnection?) async throws -> [CallbackRecord] {
        var records: [CallbackRecord] = []
        for row in rows {
            let cells = row.makeRandomAccess()
            func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
            func optionalText(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
            func date(_ index: Int) throws -> Date? { try cells[index].decode(Int64?.self).map(Date.init(milliseconds:)) }
            var record = CallbackRecord(
                opening: CallbackOpening(
                    id: try text(0), turnId: try text(3), label: try text(4), service: try text(5),
                    score: Int(try cells[6].decode(Int64.self)), openedAt: Date(milliseconds: try cells[7].decode(Int64.self)),
                    deadline: Date(milliseconds: try cells[8].decode(Int64.self))),
                kioskId: try text(1), officeId: try text(2), outcome: try optionalText(9).flatMap(CallbackOutcome.init(rawValue:)),
                closedAt: try date(10), closedBy: try optionalText(11), attempts: [], phone: try optionalText(12),
                phoneConsentAt: try date(13), phoneConsentBy: try optionalText(14))
            record.contactGiven = try cells[15].decode(Bool.self)
            record.phoneErasedAt = try date(16)
            record.assignedTo = try optionalText(17)
            record.assignedAt = try date(18)
            record.reason = try optionalText(19)
            record.reasonNote = try optionalText(20)
            record.area = try optionalText(21)
            record.secondSurvey = try cells[22].decode(Int64?.self).map(Int.init)
            record.kioskClosedAt = try date(23)
            records.append(record)
        }
        guard !records.isEmpty else { return [] }
        let query: PostgresQuery = """
            SELECT callback_id, attempt, at, agent, result, note FROM callback_attempts
            WHERE callback_id = ANY(\(records.map(\.opening.id))::text[]) ORDER BY callback_id, attempt
            """
        let attemptRows: [PostgresRow]
        if let connection {
            attemptRows = try await connection.query(query, logger: logger).collect()
        } else {
            attemptRows = try await self.rows(query)
        }
        var attempts: [String: [CallbackAttempt]] = [:]
        for row in attemptRows {
            let (id, number, at, agent, result, note) = try row.decode((String, Int64, Int64, String, String, String?).self)
            attempts[id, default: []].append(CallbackAttempt(
                number: Int(number), at: Date(milliseconds: at), agent: agent, result: CallbackAttemptResult(stored: result), note: note))
        }
        return records.map { record in
            var record = record
            record.attempts = attempts[record.opening.id] ?? []
            return record
        }
    }
}
