public import CentralServer
public import Foundation
import PostgresNIO
public import SyncProtocol
import TurneroCore

// Heartbeats, the live board's reads, call-backs and operators on PostgreSQL.
extension PostgresCentralStorage {
    public func recordKioskStatus(kioskId: String, status: KioskStatus, receivedAt: Date) async throws {
        try await client.query("""
            INSERT INTO kiosk_status (kiosk_id, received_at, sent_at, app_version, printer, pending_events, oldest_pending_age_s, db_epoch,
                last_ticket_at, last_ticket_label, dataset_versions, printer_since)
            VALUES (\(kioskId), \(receivedAt.milliseconds), \(status.sentAt), \(status.appVersion.map(Self.storable)),
                \(status.printer.rawValue), \(status.pendingEvents), \(status.oldestPendingAgeSeconds), \(status.dbEpoch),
                \(status.lastTicketAt), \(status.lastTicketLabel.map(Self.storable)), \(KioskOverview.encodeVersions(status.datasetVersions)),
                \(receivedAt.milliseconds))
            ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, sent_at = excluded.sent_at,
                app_version = excluded.app_version, printer = excluded.printer, pending_events = excluded.pending_events,
                oldest_pending_age_s = excluded.oldest_pending_age_s, db_epoch = excluded.db_epoch,
                last_ticket_at = excluded.last_ticket_at, last_ticket_label = excluded.last_ticket_label,
                dataset_versions = excluded.dataset_versions,
                printer_since = CASE WHEN kiosk_status.printer = excluded.printer THEN kiosk_status.printer_since
                    ELSE excluded.printer_since END
            """, logger: logger)
    }

    public func kioskOverviews() async throws -> [KioskOverview] {
        try await rows("""
            SELECT k.kiosk_id, k.office_id, k.enrolled_at, (SELECT MAX(last_seen) FROM streams s WHERE s.kiosk_id = k.kiosk_id),
                st.received_at, st.sent_at, st.app_version, st.printer, st.pending_events, st.oldest_pending_age_s, st.db_epoch,
                st.last_ticket_at, st.last_ticket_label, st.dataset_versions, st.printer_since
            FROM kiosks k LEFT JOIN kiosk_status st ON st.kiosk_id = k.kiosk_id ORDER BY k.office_id, k.kiosk_id
            """
        ).map { row in
            let cells = row.makeRandomAccess()
            func int(_ index: Int) throws -> Int64? { try cells[index].decode(Int64?.self) }
            func text(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
            let received = try int(4)
            let status = try received.map { _ in
                KioskStatus(
                    sentAt: try int(5) ?? 0, appVersion: try text(6),
                    printer: try text(7).flatMap(KioskPrinterCondition.init(rawValue:)) ?? .unknown,
                    pendingEvents: try int(8) ?? 0, oldestPendingAgeSeconds: try int(9), dbEpoch: try text(10),
                    lastTicketAt: try int(11), lastTicketLabel: try text(12), datasetVersions: KioskOverview.decodeVersions(try text(13)))
            }
            var overview = KioskOverview(
                kioskId: try cells[0].decode(String.self), officeId: try cells[1].decode(String.self),
                enrolledAt: Date(milliseconds: try cells[2].decode(Int64.self)), lastUpload: try int(3).map(Date.init(milliseconds:)),
                status: status, statusReceivedAt: received.map(Date.init(milliseconds:)))
            overview.printerSince = try int(14).map(Date.init(milliseconds:))
            return overview
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

    // Call-backs: PostgresCentralStorage+Callbacks.swift.

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
