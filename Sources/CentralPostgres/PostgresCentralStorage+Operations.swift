public import CentralServer
public import Foundation
import PostgresNIO
public import SyncProtocol
import TurneroCore

// Heartbeats, the live board's reads, call-backs and operators on PostgreSQL.
extension PostgresCentralStorage {
    public func recordKioskStatus(kioskId: String, status: KioskStatus, receivedAt: Date) async throws {
        try await client.query("""
            INSERT INTO kiosk_status (kiosk_id, received_at, sent_at, app_version, printer, pending_events, oldest_pending_age_s, db_epoch)
            VALUES (\(kioskId), \(receivedAt.milliseconds), \(status.sentAt), \(status.appVersion.map(Self.storable)),
                \(status.printer.rawValue), \(status.pendingEvents), \(status.oldestPendingAgeSeconds), \(status.dbEpoch))
            ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, sent_at = excluded.sent_at,
                app_version = excluded.app_version, printer = excluded.printer, pending_events = excluded.pending_events,
                oldest_pending_age_s = excluded.oldest_pending_age_s, db_epoch = excluded.db_epoch
            """, logger: logger)
    }

    public func kioskOverviews() async throws -> [KioskOverview] {
        try await rows("""
            SELECT k.kiosk_id, k.office_id, k.enrolled_at, (SELECT MAX(last_seen) FROM streams s WHERE s.kiosk_id = k.kiosk_id),
                st.received_at, st.sent_at, st.app_version, st.printer, st.pending_events, st.oldest_pending_age_s, st.db_epoch
            FROM kiosks k LEFT JOIN kiosk_status st ON st.kiosk_id = k.kiosk_id ORDER BY k.office_id, k.kiosk_id
            """
        ).map { row in
            let (kiosk, office, enrolled, upload, received, sent, version, printer, pending, age, epoch) = try row.decode(
                (String, String, Int64, Int64?, Int64?, Int64?, String?, String?, Int64?, Int64?, String?).self)
            let status = received.map { _ in
                KioskStatus(
                    sentAt: sent ?? 0, appVersion: version, printer: printer.flatMap(KioskPrinterCondition.init(rawValue:)) ?? .unknown,
                    pendingEvents: pending ?? 0, oldestPendingAgeSeconds: age, dbEpoch: epoch)
            }
            return KioskOverview(
                kioskId: kiosk, officeId: office, enrolledAt: Date(milliseconds: enrolled), lastUpload: upload.map(Date.init(milliseconds:)),
                status: status, statusReceivedAt: received.map(Date.init(milliseconds:)))
        }
    }

    public func streamMarks() async throws -> [StreamMark] {
        try await rows("""
            SELECT s.kiosk_id, s.db_epoch, COALESCE(k.office_id, ''), s.high_water, s.last_seen
            FROM streams s LEFT JOIN kiosks k ON k.kiosk_id = s.kiosk_id ORDER BY s.kiosk_id, s.db_epoch
            """
        ).map { row in
            let (kiosk, epoch, office, mark, seen) = try row.decode((String, String, String, Int64, Int64).self)
            return StreamMark(kioskId: kiosk, dbEpoch: epoch, officeId: office, highWater: mark, lastSeen: Date(milliseconds: seen))
        }
    }

    public func acceptedEvents(
        kioskId: String, dbEpoch: String, afterSeq: Int64, throughSeq: Int64, fromDay: String
    ) async throws -> [StoredEvent] {
        try await rows("""
            SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload FROM events
            WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch) AND seq > \(afterSeq) AND seq <= \(throughSeq)
                AND day >= \(fromDay) AND rejection IS NULL
            ORDER BY seq
            """
        ).map(Self.accepted)
    }

    public func acceptedEvents(officeId: String, fromDay: String, toDay: String) async throws -> [StoredEvent] {
        try await rows("""
            SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload FROM events
            WHERE kiosk_id IN (SELECT kiosk_id FROM kiosks WHERE office_id = \(officeId)) AND day BETWEEN \(fromDay) AND \(toDay)
                AND rejection IS NULL
            ORDER BY kiosk_id, db_epoch, seq
            """
        ).map(Self.accepted)
    }

    private static func accepted(_ row: PostgresRow) throws -> StoredEvent {
        let (kiosk, epoch, seq, id, type, day, at, payload) =
            try row.decode((String, String, Int64, String?, String, String, Int64, String).self)
        return StoredEvent(
            kioskId: kiosk, dbEpoch: epoch, seq: seq, eventId: id, type: type, day: day, occurredAt: at, payload: payload, rejection: nil)
    }

    public func officeIds() async throws -> [String] {
        try await rows("SELECT DISTINCT office_id FROM kiosks ORDER BY office_id").map { try $0.decode(String.self) }
    }

    // MARK: Call-backs

    public func callbacks(_ filter: CallbackFilter) async throws -> [CallbackRecord] {
        let since = filter.openedSince?.milliseconds
        let rows = try await rows("""
            SELECT callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline, outcome, closed_at,
                closed_by, phone, phone_consent_at, phone_consent_by FROM callbacks
            WHERE (\(filter.officeId)::text IS NULL OR office_id = \(filter.officeId))
                AND (NOT \(filter.openOnly) OR outcome IS NULL)
                AND (\(since)::bigint IS NULL OR opened_at >= \(since))
            ORDER BY (outcome IS NOT NULL), deadline, callback_id LIMIT \(Int64(max(0, filter.limit)))
            """)
        return try await records(rows, connection: nil)
    }

    public func callback(id: String) async throws -> CallbackRecord? {
        try await records(try await rows(Self.callbackQuery(id: id, lock: false)), connection: nil).first
    }

    public func recordCallbackAttempt(id: String, _ attempt: CallbackAttemptInput, now: Date) async throws -> CallbackAttemptOutcome {
        try await transaction { connection in
            // The row lock serialises two agents working the same call-back.
            let locked = try await connection.query(Self.callbackQuery(id: id, lock: true), logger: self.logger).collect()
            guard let current = try await self.records(locked, connection: connection).first else { return .notFound }
            guard current.isOpen else { return .alreadyClosed(current) }
            try await connection.query("""
                INSERT INTO callback_attempts (callback_id, attempt, at, agent, result, note)
                VALUES (\(id), \(Int64(current.attempts.count + 1)), \(now.milliseconds), \(attempt.agent), \(attempt.result.rawValue),
                    \(attempt.note.map(Self.storable)))
                """, logger: self.logger)
            if attempt.phoneConsent, let phone = attempt.phone {
                try await connection.query("""
                    UPDATE callbacks SET phone = \(Self.storable(phone)), phone_consent_at = \(now.milliseconds),
                        phone_consent_by = \(attempt.agent) WHERE callback_id = \(id)
                    """, logger: self.logger)
            }
            if let outcome = CallbackRules.outcome(after: attempt.result, failedBefore: current.failedAttempts) {
                try await connection.query("""
                    UPDATE callbacks SET outcome = \(outcome.rawValue), closed_at = \(now.milliseconds),
                        closed_by = \("agent:" + attempt.agent) WHERE callback_id = \(id) AND outcome IS NULL
                    """, logger: self.logger)
            }
            let after = try await connection.query(Self.callbackQuery(id: id, lock: false), logger: self.logger).collect()
            guard let record = try await self.records(after, connection: connection).first else { return .notFound }
            return .recorded(record)
        }
    }

    private static func callbackQuery(id: String, lock: Bool) -> PostgresQuery {
        var query: PostgresQuery = """
            SELECT callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline, outcome, closed_at,
                closed_by, phone, phone_consent_at, phone_consent_by FROM callbacks WHERE callback_id = \(id)
            """
        if lock { query.sql += " FOR UPDATE" }
        return query
    }

    /// Call-back rows with their attempts (one query for all of them).
    private func records(_ rows: [PostgresRow], connection: PostgresConnection?) async throws -> [CallbackRecord] {
        var records: [CallbackRecord] = []
        for row in rows {
            let (id, kiosk, office, turn, label, service, score, opened, deadline, outcome, closed, closedBy, phone, consentAt, consentBy) =
                try row.decode(
                    (String, String, String, String, String, String, Int64, Int64, Int64, String?, Int64?, String?, String?, Int64?,
                     String?).self)
            records.append(CallbackRecord(
                opening: CallbackOpening(
                    id: id, turnId: turn, label: label, service: service, score: Int(score), openedAt: Date(milliseconds: opened),
                    deadline: Date(milliseconds: deadline)),
                kioskId: kiosk, officeId: office, outcome: outcome.flatMap(CallbackOutcome.init(rawValue:)),
                closedAt: closed.map(Date.init(milliseconds:)), closedBy: closedBy, attempts: [], phone: phone,
                phoneConsentAt: consentAt.map(Date.init(milliseconds:)), phoneConsentBy: consentBy))
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
                number: Int(number), at: Date(milliseconds: at), agent: agent,
                result: CallbackAttemptResult(rawValue: result) ?? .noAnswer, note: note))
        }
        return records.map { record in
            var record = record
            record.attempts = attempts[record.opening.id] ?? []
            return record
        }
    }

    // MARK: Operators

    public func addOperator(_ account: OperatorAccount, replace: Bool) async throws -> Bool {
        try await transaction { connection in
            let insert: PostgresQuery = replace
                ? """
                    INSERT INTO operators (name, role, password_hash, created_at)
                    VALUES (\(account.name), \(account.role.rawValue), \(account.passwordHash), \(account.createdAt.milliseconds))
                    ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash RETURNING name
                    """
                : """
                    INSERT INTO operators (name, role, password_hash, created_at)
                    VALUES (\(account.name), \(account.role.rawValue), \(account.passwordHash), \(account.createdAt.milliseconds))
                    ON CONFLICT DO NOTHING RETURNING name
                    """
            guard try await !connection.query(insert, logger: self.logger).collect().isEmpty else { return false }
            if replace {
                // A new password ends the operator's sessions.
                try await connection.query("DELETE FROM operator_sessions WHERE operator = \(account.name)", logger: self.logger)
            }
            return true
        }
    }

    public func operatorAccount(name: String) async throws -> OperatorAccount? {
        try await rows("SELECT name, role, password_hash, created_at FROM operators WHERE name = \(name)").compactMap(Self.account).first
    }

    public func operatorAccounts() async throws -> [OperatorAccount] {
        try await rows("SELECT name, role, password_hash, created_at FROM operators ORDER BY name").compactMap(Self.account)
    }

    private static func account(_ row: PostgresRow) throws -> OperatorAccount? {
        let (name, role, hash, created) = try row.decode((String, String, String, Int64).self)
        guard let role = OperatorRole(rawValue: role) else { return nil }
        return OperatorAccount(name: name, role: role, passwordHash: hash, createdAt: Date(milliseconds: created))
    }

    public func createSession(tokenHash: String, operatorName: String, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM operator_sessions WHERE expires_at <= \(now.milliseconds)", logger: self.logger)
            try await connection.query("""
                INSERT INTO operator_sessions (token_hash, operator, csrf, created_at, expires_at)
                VALUES (\(tokenHash), \(operatorName), \(csrfToken), \(now.milliseconds), \(expiresAt.milliseconds))
                """, logger: self.logger)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> OperatorSession? {
        guard let row = try await rows("""
            SELECT s.operator, o.role, s.csrf, s.expires_at FROM operator_sessions s JOIN operators o ON o.name = s.operator
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now.milliseconds)
            """).first
        else { return nil }
        let (name, role, csrf, expires) = try row.decode((String, String, String, Int64).self)
        guard let role = OperatorRole(rawValue: role) else { return nil }
        return OperatorSession(operatorName: name, role: role, csrfToken: csrf, expiresAt: Date(milliseconds: expires))
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM operator_sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }

    public func addLoginLink(hash: String, operatorName: String, expiresAt: Date) async throws {
        try await client.query(
            "INSERT INTO login_links (link_hash, operator, expires_at) VALUES (\(hash), \(operatorName), \(expiresAt.milliseconds))",
            logger: logger)
    }

    public func redeemLoginLink(hash: String, now: Date) async throws -> String? {
        // One UPDATE both checks and uses the link.
        try await rows("""
            UPDATE login_links SET used_at = \(now.milliseconds)
            WHERE link_hash = \(hash) AND used_at IS NULL AND expires_at > \(now.milliseconds) RETURNING operator
            """).first?.decode(String.self)
    }
}
