public import CentralServer
public import Foundation
import GRDB

// Ticket links and what customers asked on ticket pages (issue 17): links kept beside their
// `turn.issued` at ingest; requests settled in the ingest transaction of the kiosk's event
// that records them or makes them moot.
extension SQLiteCentralStorage {
    static func migrateTickets(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ticket_links (
                link_hash TEXT PRIMARY KEY NOT NULL,
                kiosk_id TEXT NOT NULL,
                turn_id TEXT NOT NULL,
                day TEXT NOT NULL
            );
            CREATE TABLE ticket_requests (
                kiosk_id TEXT NOT NULL,
                office_id TEXT NOT NULL,
                turn_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                score INTEGER,
                callback_id TEXT,
                contact_given INTEGER NOT NULL DEFAULT 0,
                phone TEXT,
                consent_at INTEGER,
                requested_at INTEGER NOT NULL,
                settled_at INTEGER,
                offered_at INTEGER,
                PRIMARY KEY (kiosk_id, turn_id, kind),
                CHECK (phone IS NULL OR consent_at IS NOT NULL)
            );
            CREATE INDEX ticket_requests_pending ON ticket_requests (kiosk_id, requested_at) WHERE settled_at IS NULL;
            CREATE INDEX ticket_requests_by_callback ON ticket_requests (callback_id) WHERE phone IS NOT NULL;
            INSERT OR IGNORE INTO ticket_links (link_hash, kiosk_id, turn_id, day)
            SELECT json_extract(payload, '$.link'), kiosk_id, json_extract(payload, '$.turn.id'), day FROM events
            WHERE type = 'turn.issued' AND rejection IS NULL AND json_extract(payload, '$.link') IS NOT NULL
                AND length(json_extract(payload, '$.link')) = 64
            ORDER BY kiosk_id, db_epoch, seq;
            """)
    }

    /// Keeps a ticket fact beside its event, in the ingest transaction; only the kiosk's own
    /// turns are settled.
    static func apply(ticket fact: DerivedFact, _ db: Database, _ kioskId: String) throws {
        switch fact {
        case .ticketIssued(let hash, let turnId, let day):
            try db.cachedStatement(sql: """
                INSERT INTO ticket_links (link_hash, kiosk_id, turn_id, day) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: [hash, kioskId, turnId, day])
        case .ticketSettled(let turnId, let kind, let at):
            try db.cachedStatement(sql: """
                UPDATE ticket_requests SET settled_at = ? WHERE kiosk_id = ? AND turn_id = ? AND kind = ? AND settled_at IS NULL
                """).execute(arguments: [at.milliseconds, kioskId, turnId, kind.rawValue])
        case .callbackOpened(let opening):
            // A number given with a rating on the page moves onto the call-back the kiosk opened
            // for it (same id) and leaves the request.
            try db.cachedStatement(sql: """
                UPDATE callbacks SET phone = r.phone, phone_consent_at = r.consent_at, phone_consent_by = 'cliente', contact_given = 1
                FROM (SELECT phone, consent_at FROM ticket_requests WHERE callback_id = ? AND kiosk_id = ? AND phone IS NOT NULL) AS r
                WHERE callbacks.callback_id = ? AND callbacks.kiosk_id = ? AND callbacks.phone_erased_at IS NULL
                """).execute(arguments: [opening.id, kioskId, opening.id, kioskId])
            try db.cachedStatement(sql: """
                UPDATE ticket_requests SET phone = NULL, consent_at = NULL WHERE callback_id = ? AND kiosk_id = ? AND phone IS NOT NULL
                """).execute(arguments: [opening.id, kioskId])
        default:
            break
        }
    }

    public func ticketLink(hash: String) async throws -> TicketLink? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT l.link_hash, l.kiosk_id, COALESCE(k.office_id, ''), l.turn_id, l.day
                FROM ticket_links l LEFT JOIN kiosks k ON k.kiosk_id = l.kiosk_id WHERE l.link_hash = ?
                """, arguments: [hash]).map { TicketLink(linkHash: $0[0], kioskId: $0[1], officeId: $0[2], turnId: $0[3], day: $0[4]) }
        }
    }

    public func addTicketRequest(_ request: TicketRequest, contact: TicketContact?) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ticket_requests (kiosk_id, office_id, turn_id, kind, score, callback_id, contact_given, phone,
                        consent_at, requested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    request.kioskId, request.officeId, request.turnId, request.kind.rawValue, request.score, request.callbackId,
                    request.contactGiven, contact?.phone, contact?.consentAt.milliseconds, request.requestedAt.milliseconds,
                ])
            return db.changesCount > 0
        }
    }

    public func ticketRequests(kioskId: String, turnId: String) async throws -> [TicketRequest] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.requestColumns) FROM ticket_requests WHERE kiosk_id = ? AND turn_id = ? ORDER BY kind",
                arguments: [kioskId, turnId]
            ).compactMap(Self.request)
        }
    }

    public func pendingTicketRequests(kioskId: String, since: Date, limit: Int) async throws -> [TicketRequest] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.requestColumns) FROM ticket_requests
                    WHERE kiosk_id = ? AND settled_at IS NULL AND requested_at >= ? ORDER BY requested_at, turn_id LIMIT ?
                    """,
                arguments: [kioskId, since.milliseconds, max(0, limit)]
            ).compactMap(Self.request)
        }
    }

    public func offerTicketRequests(kioskId: String, since: Date, offeredBefore: Date, now: Date, limit: Int) async throws -> [TicketRequest] {
        try await pool.write { db in
            let offered = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.requestColumns) FROM ticket_requests
                    WHERE kiosk_id = ? AND settled_at IS NULL AND requested_at >= ? AND (offered_at IS NULL OR offered_at < ?)
                    ORDER BY requested_at, turn_id LIMIT ?
                    """,
                arguments: [kioskId, since.milliseconds, offeredBefore.milliseconds, max(0, limit)]
            ).compactMap(Self.request)
            let mark = try db.cachedStatement(sql: "UPDATE ticket_requests SET offered_at = ? WHERE kiosk_id = ? AND turn_id = ? AND kind = ?")
            for request in offered { try mark.execute(arguments: [now.milliseconds, kioskId, request.turnId, request.kind.rawValue]) }
            return offered
        }
    }

    public func pruneTickets(dayBefore: String, requestedBefore: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM ticket_links WHERE day < ?", arguments: [dayBefore])
            let links = db.changesCount
            try db.execute(sql: "DELETE FROM ticket_requests WHERE requested_at < ?", arguments: [requestedBefore.milliseconds])
            return links + db.changesCount
        }
    }

    private static let requestColumns =
        "kiosk_id, office_id, turn_id, kind, score, callback_id, contact_given, requested_at, settled_at"

    private static func request(_ row: Row) -> TicketRequest? {
        guard let kind = TicketRequestKind(rawValue: row[3]) else { return nil }
        return TicketRequest(
            kioskId: row[0], officeId: row[1], turnId: row[2], kind: kind, score: row[4], callbackId: row[5], contactGiven: row[6],
            requestedAt: Date(milliseconds: row[7]), settledAt: (row[8] as Int64?).map(Date.init(milliseconds:)))
    }
}
