public import CentralServer
public import Foundation
import GRDB
import TurneroCore

// The detractor team's work on SQLite: lists, attempts and closures, assignment, customers'
// numbers and their erasure, closures the kiosks must learn.
extension SQLiteCentralStorage {
    /// Migration `central-v4-callback-work`: assignment, the procedure's closure fields, the
    /// customer's contact as given at the rating screen, what the kiosk knows, API tokens.
    static func migrateCallbackWork(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE callbacks ADD COLUMN contact_given INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE callbacks ADD COLUMN phone_erased_at INTEGER;
            ALTER TABLE callbacks ADD COLUMN assigned_to TEXT;
            ALTER TABLE callbacks ADD COLUMN assigned_at INTEGER;
            ALTER TABLE callbacks ADD COLUMN reason TEXT;
            ALTER TABLE callbacks ADD COLUMN reason_note TEXT;
            ALTER TABLE callbacks ADD COLUMN area TEXT;
            ALTER TABLE callbacks ADD COLUMN second_survey INTEGER;
            -- When the kiosk recorded the closure (its own callback.closed); null: still to tell it.
            ALTER TABLE callbacks ADD COLUMN kiosk_closed_at INTEGER;
            UPDATE callbacks SET kiosk_closed_at = closed_at WHERE closed_by = 'kiosk';
            CREATE INDEX callbacks_to_deliver ON callbacks (kiosk_id) WHERE outcome IS NOT NULL AND kiosk_closed_at IS NULL;
            CREATE INDEX callbacks_by_agent ON callbacks (assigned_to) WHERE outcome IS NULL;
            -- Heartbeat details: the last ticket, dataset versions (JSON), since when the printer is as it is.
            ALTER TABLE kiosk_status ADD COLUMN last_ticket_at INTEGER;
            ALTER TABLE kiosk_status ADD COLUMN last_ticket_label TEXT;
            ALTER TABLE kiosk_status ADD COLUMN dataset_versions TEXT;
            ALTER TABLE kiosk_status ADD COLUMN printer_since INTEGER;
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                operator TEXT NOT NULL,
                label TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER,
                last_used_at INTEGER,
                revoked_at INTEGER
            ) WITHOUT ROWID;
            """)
    }

    static let callbackColumns = """
        callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline, outcome, closed_at,
        closed_by, phone, phone_consent_at, phone_consent_by, contact_given, phone_erased_at, assigned_to, assigned_at,
        reason, reason_note, area, second_survey, kiosk_closed_at
        """

    public func callbacks(_ filter: CallbackFilter) async throws -> [CallbackRecord] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let office = filter.officeId {
                conditions.append("office_id = ?")
                arguments.append(office)
            }
            if filter.openOnly { conditions.append("outcome IS NULL") }
            if let since = filter.openedSince {
                conditions.append("opened_at >= ?")
                arguments.append(since.milliseconds)
            }
            if let agent = filter.assignedTo {
                conditions.append("assigned_to = ?")
                arguments.append(agent)
            }
            arguments.append(max(0, filter.limit))
            let sql = """
                SELECT \(Self.callbackColumns) FROM callbacks
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY outcome IS NOT NULL, deadline, callback_id LIMIT ?
                """
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            return try rows.map { try Self.callback($0, db) }
        }
    }

    public func callback(id: String) async throws -> CallbackRecord? {
        try await pool.read { db in try Self.callback(id: id, db) }
    }

    public func recordCallbackAttempt(
        id: String, _ attempt: CallbackAttemptInput, policy: CallbackPolicy, byManager: Bool, now: Date
    ) async throws -> CallbackAttemptOutcome {
        try await pool.write { db in
            guard let current = try Self.callback(id: id, db) else { return .notFound }
            guard current.isOpen else { return .alreadyClosed(current) }
            let decision: CallbackRules.Decision
            switch CallbackRules.decide(attempt, on: current, policy: policy, byManager: byManager) {
            case .success(let decided): decision = decided
            case .failure(let refusal): return .refused(refusal.message)
            }
            try db.execute(
                sql: "INSERT INTO callback_attempts (callback_id, attempt, at, agent, result, note) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, current.attempts.count + 1, now.milliseconds, attempt.agent, attempt.result.rawValue, attempt.note])
            if current.assignedTo == nil {
                try db.execute(
                    sql: "UPDATE callbacks SET assigned_to = ?, assigned_at = ? WHERE callback_id = ?",
                    arguments: [attempt.agent, now.milliseconds, id])
            }
            if case .close(let outcome) = decision {
                let closure = attempt.closure
                try db.execute(
                    sql: """
                        UPDATE callbacks SET outcome = ?, closed_at = ?, closed_by = ?, reason = ?, reason_note = ?, area = ?,
                            second_survey = ?
                        WHERE callback_id = ? AND outcome IS NULL
                        """,
                    arguments: [
                        outcome.rawValue, now.milliseconds, "agent:\(attempt.agent)", closure?.reason, closure?.reasonNote,
                        closure?.area, closure?.secondSurvey, id,
                    ])
            }
            return .recorded(try Self.callback(id: id, db)!)
        }
    }

    public func assignCallbacks(agents: [String], now: Date) async throws -> Int {
        guard !agents.isEmpty else { return 0 }
        return try await pool.write { db in
            let unassigned = try String.fetchAll(db, sql: """
                SELECT callback_id FROM callbacks
                WHERE outcome IS NULL AND assigned_to IS NULL AND (contact_given = 1 OR phone IS NOT NULL)
                ORDER BY deadline, callback_id
                """)
            guard !unassigned.isEmpty else { return 0 }
            var load: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT assigned_to, COUNT(*) FROM callbacks WHERE outcome IS NULL AND assigned_to IS NOT NULL GROUP BY assigned_to
                """) {
                load[row[0]] = row[1]
            }
            let plan = CallbackRules.assignments(unassigned: unassigned, openLoad: load, agents: agents)
            for (id, agent) in plan {
                try db.execute(
                    sql: "UPDATE callbacks SET assigned_to = ?, assigned_at = ? WHERE callback_id = ? AND assigned_to IS NULL",
                    arguments: [agent, now.milliseconds, id])
            }
            return plan.count
        }
    }

    public func reassignCallback(id: String, to agent: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE callbacks SET assigned_to = ?, assigned_at = ? WHERE callback_id = ? AND outcome IS NULL",
                arguments: [agent, now.milliseconds, id])
            return db.changesCount > 0
        }
    }

    public func storeCallbackContact(kioskId: String, callbackId: String, phone: String, consentAt: Date, now: Date) async throws
        -> ContactStorageResult
    {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT closed_at, phone_erased_at FROM callbacks WHERE callback_id = ? AND kiosk_id = ?",
                arguments: [callbackId, kioskId])
            else { return .unknown }
            if row[1] as Int64? != nil { return .discarded }
            try db.execute(
                sql: """
                    UPDATE callbacks SET phone = ?, phone_consent_at = ?, phone_consent_by = 'cliente', contact_given = 1
                    WHERE callback_id = ? AND kiosk_id = ?
                    """,
                arguments: [phone, consentAt.milliseconds, callbackId, kioskId])
            return .stored
        }
    }

    public func eraseCallbackContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE callbacks SET phone = NULL, phone_consent_by = NULL, phone_erased_at = ?
                    WHERE phone_erased_at IS NULL AND closed_at IS NOT NULL AND closed_at < ?
                    """,
                arguments: [now.milliseconds, closedBefore.milliseconds])
            return db.changesCount
        }
    }

    public func closuresToDeliver(kioskId: String, limit: Int) async throws -> [CallbackRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.callbackColumns) FROM callbacks
                    WHERE kiosk_id = ? AND outcome IS NOT NULL AND kiosk_closed_at IS NULL AND closed_by LIKE 'agent:%'
                    ORDER BY closed_at, callback_id LIMIT ?
                    """,
                arguments: [kioskId, max(0, limit)]
            ).map { try Self.callback($0, db) }
        }
    }

    static func callback(id: String, _ db: Database) throws -> CallbackRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(callbackColumns) FROM callbacks WHERE callback_id = ?", arguments: [id])
        else { return nil }
        return try callback(row, db)
    }

    static func callback(_ row: Row, _ db: Database) throws -> CallbackRecord {
        let id: String = row[0]
        let attempts = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT attempt, at, agent, result, note FROM callback_attempts WHERE callback_id = ? ORDER BY attempt"),
            arguments: [id]
        ).map { attempt in
            CallbackAttempt(
                number: attempt[0], at: Date(milliseconds: attempt[1]), agent: attempt[2],
                result: CallbackAttemptResult(stored: attempt[3]), note: attempt[4])
        }
        func date(_ index: Int) -> Date? { (row[index] as Int64?).map(Date.init(milliseconds:)) }
        var record = CallbackRecord(
            opening: CallbackOpening(
                id: id, turnId: row[3], label: row[4], service: row[5], score: row[6], openedAt: Date(milliseconds: row[7]),
                deadline: Date(milliseconds: row[8])),
            kioskId: row[1], officeId: row[2], outcome: (row[9] as String?).flatMap(CallbackOutcome.init(rawValue:)),
            closedAt: date(10), closedBy: row[11], attempts: attempts, phone: row[12], phoneConsentAt: date(13),
            phoneConsentBy: row[14])
        record.contactGiven = (row[15] as Int64? ?? 0) != 0
        record.phoneErasedAt = date(16)
        record.assignedTo = row[17]
        record.assignedAt = date(18)
        record.reason = row[19]
        record.reasonNote = row[20]
        record.area = row[21]
        record.secondSurvey = row[22]
        record.kioskClosedAt = date(23)
        return record
    }
}
