public import CentralServer
public import Foundation
import GRDB
public import SyncProtocol
import TurneroCore

// Heartbeats, the live board's reads, call-backs and operators on SQLite.
extension SQLiteCentralStorage {
    /// Migration `central-v2-operations`: heartbeats, call-backs (backfilled from stored events),
    /// operators, sessions, login links, and the by-day index the reports and the board read.
    static func migrateOperations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX events_by_day ON events (kiosk_id, day);
            CREATE TABLE kiosk_status (
                kiosk_id TEXT PRIMARY KEY NOT NULL,
                received_at INTEGER NOT NULL,
                sent_at INTEGER NOT NULL,
                app_version TEXT,
                printer TEXT NOT NULL,
                pending_events INTEGER NOT NULL,
                oldest_pending_age_s INTEGER,
                db_epoch TEXT
            ) WITHOUT ROWID;
            -- Derived from callback.opened / callback.closed in the ingest transaction; worked by agents.
            CREATE TABLE callbacks (
                callback_id TEXT PRIMARY KEY NOT NULL,
                kiosk_id TEXT NOT NULL,
                office_id TEXT NOT NULL,
                turn_id TEXT NOT NULL,
                label TEXT NOT NULL,
                service TEXT NOT NULL,
                score INTEGER NOT NULL,
                opened_at INTEGER NOT NULL,
                deadline INTEGER NOT NULL,
                outcome TEXT,
                closed_at INTEGER,
                closed_by TEXT,
                phone TEXT,
                phone_consent_at INTEGER,
                phone_consent_by TEXT,
                -- A phone is kept only with a recorded consent.
                CHECK (phone IS NULL OR phone_consent_at IS NOT NULL)
            ) WITHOUT ROWID;
            CREATE INDEX callbacks_by_deadline ON callbacks (outcome IS NULL, deadline);
            CREATE TABLE callback_attempts (
                callback_id TEXT NOT NULL REFERENCES callbacks (callback_id),
                attempt INTEGER NOT NULL,
                at INTEGER NOT NULL,
                agent TEXT NOT NULL,
                result TEXT NOT NULL,
                note TEXT,
                PRIMARY KEY (callback_id, attempt)
            ) WITHOUT ROWID;
            CREATE TABLE operators (
                name TEXT PRIMARY KEY NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE operator_sessions (
                token_hash TEXT PRIMARY KEY NOT NULL,
                operator TEXT NOT NULL,
                csrf TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE login_links (
                link_hash TEXT PRIMARY KEY NOT NULL,
                operator TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO callbacks (callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline)
                SELECT json_extract(e.payload, '$.callback'), e.kiosk_id, COALESCE(k.office_id, ''),
                    json_extract(e.payload, '$.turn.id'), json_extract(e.payload, '$.turn.label'),
                    json_extract(e.payload, '$.turn.service'), json_extract(e.payload, '$.score'), e.occurred_at,
                    json_extract(e.payload, '$.deadline')
                FROM events e LEFT JOIN kiosks k ON k.kiosk_id = e.kiosk_id
                WHERE e.type = 'callback.opened' AND e.rejection IS NULL ORDER BY e.kiosk_id, e.db_epoch, e.seq;
            UPDATE callbacks SET outcome = c.outcome, closed_at = c.at, closed_by = 'kiosk'
                FROM (SELECT json_extract(payload, '$.callback') AS id, json_extract(payload, '$.outcome') AS outcome,
                        occurred_at AS at FROM events WHERE type = 'callback.closed' AND rejection IS NULL) AS c
                WHERE callbacks.callback_id = c.id AND callbacks.outcome IS NULL;
            """)
    }

    // MARK: Kiosks and the live board

    public func recordKioskStatus(kioskId: String, status: KioskStatus, receivedAt: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO kiosk_status (kiosk_id, received_at, sent_at, app_version, printer, pending_events,
                    oldest_pending_age_s, db_epoch, last_ticket_at, last_ticket_label, dataset_versions, printer_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, sent_at = excluded.sent_at,
                    app_version = excluded.app_version, printer = excluded.printer, pending_events = excluded.pending_events,
                    oldest_pending_age_s = excluded.oldest_pending_age_s, db_epoch = excluded.db_epoch,
                    last_ticket_at = excluded.last_ticket_at, last_ticket_label = excluded.last_ticket_label,
                    dataset_versions = excluded.dataset_versions,
                    printer_since = CASE WHEN kiosk_status.printer = excluded.printer THEN kiosk_status.printer_since
                        ELSE excluded.printer_since END
                """, arguments: [
                    kioskId, receivedAt.milliseconds, status.sentAt, status.appVersion, status.printer.rawValue,
                    status.pendingEvents, status.oldestPendingAgeSeconds, status.dbEpoch, status.lastTicketAt,
                    status.lastTicketLabel, KioskOverview.encodeVersions(status.datasetVersions), receivedAt.milliseconds,
                ])
        }
    }

    public func kioskOverviews() async throws -> [KioskOverview] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.kiosk_id, k.office_id, k.enrolled_at,
                    (SELECT MAX(last_seen) FROM streams s WHERE s.kiosk_id = k.kiosk_id),
                    st.received_at, st.sent_at, st.app_version, st.printer, st.pending_events, st.oldest_pending_age_s,
                    st.db_epoch, st.last_ticket_at, st.last_ticket_label, st.dataset_versions, st.printer_since
                FROM kiosks k LEFT JOIN kiosk_status st ON st.kiosk_id = k.kiosk_id
                ORDER BY k.office_id, k.kiosk_id
                """
            ).map { row in
                let received: Int64? = row[4]
                let status = received.map { _ in
                    KioskStatus(
                        sentAt: row[5], appVersion: row[6], printer: KioskPrinterCondition(rawValue: row[7]) ?? .unknown,
                        pendingEvents: row[8], oldestPendingAgeSeconds: row[9], dbEpoch: row[10], lastTicketAt: row[11],
                        lastTicketLabel: row[12], datasetVersions: KioskOverview.decodeVersions(row[13]))
                }
                var overview = KioskOverview(
                    kioskId: row[0], officeId: row[1], enrolledAt: Date(milliseconds: row[2]),
                    lastUpload: (row[3] as Int64?).map(Date.init(milliseconds:)), status: status,
                    statusReceivedAt: received.map(Date.init(milliseconds:)))
                overview.printerSince = (row[14] as Int64?).map(Date.init(milliseconds:))
                return overview
            }
        }
    }

    public func streamMarks() async throws -> [StreamMark] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.kiosk_id, s.db_epoch, COALESCE(k.office_id, ''), s.high_water, s.last_seen
                FROM streams s LEFT JOIN kiosks k ON k.kiosk_id = s.kiosk_id ORDER BY s.kiosk_id, s.db_epoch
                """
            ).map { StreamMark(kioskId: $0[0], dbEpoch: $0[1], officeId: $0[2], highWater: $0[3], lastSeen: Date(milliseconds: $0[4])) }
        }
    }

    public func acceptedEvents(
        kioskId: String, dbEpoch: String, afterSeq: Int64, throughSeq: Int64, fromDay: String
    ) async throws -> [StoredEvent] {
        try await pool.read { db in
            // A first read covers whole streams: the by-day index skips their older history.
            // Later reads are short seq ranges on the primary key.
            let sql = afterSeq == 0
                ? """
                    SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload FROM events INDEXED BY events_by_day
                    WHERE kiosk_id = ? AND day >= ? AND db_epoch = ? AND seq > ? AND seq <= ? AND rejection IS NULL ORDER BY seq
                    """
                : """
                    SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload FROM events
                    WHERE kiosk_id = ? AND day >= ? AND db_epoch = ? AND seq > ? AND seq <= ? AND rejection IS NULL ORDER BY seq
                    """
            return try Row.fetchAll(
                db.cachedStatement(sql: sql), arguments: [kioskId, fromDay, dbEpoch, afterSeq, throughSeq]
            ).map(Self.accepted)
        }
    }

    public func acceptedEvents(officeId: String, fromDay: String, toDay: String) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload FROM events
                WHERE kiosk_id IN (SELECT kiosk_id FROM kiosks WHERE office_id = ?) AND day BETWEEN ? AND ?
                    AND rejection IS NULL
                ORDER BY kiosk_id, db_epoch, seq
                """, arguments: [officeId, fromDay, toDay]
            ).map(Self.accepted)
        }
    }

    public func officeIds() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT office_id FROM kiosks ORDER BY office_id") }
    }

    private static func accepted(_ row: Row) -> StoredEvent {
        StoredEvent(
            kioskId: row[0], dbEpoch: row[1], seq: row[2], eventId: row[3], type: row[4], day: row[5], occurredAt: row[6],
            payload: row[7], rejection: nil)
    }

    // MARK: Operators (call-backs: SQLiteCentralStorage+Callbacks.swift)

    public func addOperator(_ account: OperatorAccount, replace: Bool) async throws -> Bool {
        try await pool.write { db in
            let conflict = replace
                ? "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash"
                : "ON CONFLICT DO NOTHING"
            try db.execute(
                sql: "INSERT INTO operators (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) \(conflict)",
                arguments: [account.name, account.role.rawValue, account.passwordHash, account.createdAt.milliseconds])
            guard db.changesCount > 0 else { return false }
            if replace {
                // A new password ends the operator's sessions.
                try db.execute(sql: "DELETE FROM operator_sessions WHERE operator = ?", arguments: [account.name])
            }
            return true
        }
    }

    public func operatorAccount(name: String) async throws -> OperatorAccount? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT name, role, password_hash, created_at FROM operators WHERE name = ?", arguments: [name])
                .flatMap(Self.account)
        }
    }

    public func operatorAccounts() async throws -> [OperatorAccount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, password_hash, created_at FROM operators ORDER BY name").compactMap(Self.account)
        }
    }

    private static func account(_ row: Row) -> OperatorAccount? {
        guard let role = OperatorRole(rawValue: row[1]) else { return nil }
        return OperatorAccount(name: row[0], role: role, passwordHash: row[2], createdAt: Date(milliseconds: row[3]))
    }

    public func createSession(tokenHash: String, operatorName: String, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM operator_sessions WHERE expires_at <= ?", arguments: [now.milliseconds])
            try db.execute(
                sql: "INSERT INTO operator_sessions (token_hash, operator, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [tokenHash, operatorName, csrfToken, now.milliseconds, expiresAt.milliseconds])
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> OperatorSession? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT s.operator, o.role, s.csrf, s.expires_at FROM operator_sessions s
                    JOIN operators o ON o.name = s.operator WHERE s.token_hash = ? AND s.expires_at > ?
                    """), arguments: [tokenHash, now.milliseconds]),
                let role = OperatorRole(rawValue: row[1])
            else { return nil }
            return OperatorSession(operatorName: row[0], role: role, csrfToken: row[2], expiresAt: Date(milliseconds: row[3]))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM operator_sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func addLoginLink(hash: String, operatorName: String, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO login_links (link_hash, operator, expires_at) VALUES (?, ?, ?)",
                arguments: [hash, operatorName, expiresAt.milliseconds])
        }
    }

    public func redeemLoginLink(hash: String, now: Date) async throws -> String? {
        try await pool.write { db in
            // One UPDATE both checks and uses the link.
            try String.fetchOne(db, sql: """
                UPDATE login_links SET used_at = ? WHERE link_hash = ? AND used_at IS NULL AND expires_at > ?
                RETURNING operator
                """, arguments: [now.milliseconds, hash, now.milliseconds])
        }
    }
}
