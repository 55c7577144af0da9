public import CentralServer
public import Foundation
import Logging
import PostgresNIO

// Ticket links and ticket-page requests on PostgreSQL (as SQLiteCentralStorage+Tickets.swift).
extension PostgresCentralStorage {
    static let ticketSchema = [
        "CREATE TABLE ticket_links (link_hash TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, turn_id TEXT NOT NULL, day TEXT NOT NULL)",
        """
        CREATE TABLE ticket_requests (
            kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL, turn_id TEXT NOT NULL, kind TEXT NOT NULL, score BIGINT,
            callback_id TEXT, contact_given BOOLEAN NOT NULL DEFAULT FALSE, phone TEXT, consent_at BIGINT,
            requested_at BIGINT NOT NULL, settled_at BIGINT, offered_at BIGINT, PRIMARY KEY (kiosk_id, turn_id, kind),
            CHECK (phone IS NULL OR consent_at IS NOT NULL))
        """,
        "CREATE INDEX ticket_requests_pending ON ticket_requests (kiosk_id, requested_at) WHERE settled_at IS NULL",
        "CREATE INDEX ticket_requests_by_callback ON ticket_requests (callback_id) WHERE phone IS NOT NULL",
        """
        INSERT INTO ticket_links (link_hash, kiosk_id, turn_id, day)
        SELECT payload::jsonb ->> 'link', kiosk_id, payload::jsonb -> 'turn' ->> 'id', day FROM events
        WHERE type = 'turn.issued' AND rejection IS NULL AND length(payload::jsonb ->> 'link') = 64
        ORDER BY kiosk_id, db_epoch, seq
        ON CONFLICT DO NOTHING
        """,
    ]

    /// The batch's ticket facts in two statements (links, settlements), not one per event.
    func apply(tickets facts: [DerivedFact], _ connection: PostgresConnection, _ kioskId: String) async throws {
        var hashes: [String] = [], turns: [String] = [], days: [String] = []
        var settled: [String] = [], kinds: [String] = [], times: [Int64] = []
        for fact in facts {
            switch fact {
            case .ticketIssued(let hash, let turnId, let day):
                hashes.append(hash)
                turns.append(Self.storable(turnId))
                days.append(Self.storable(day))
            case .ticketSettled(let turnId, let kind, let at):
                settled.append(Self.storable(turnId))
                kinds.append(kind.rawValue)
                times.append(at.milliseconds)
            default:
                break
            }
        }
        if !hashes.isEmpty {
            try await connection.query("""
                INSERT INTO ticket_links (link_hash, kiosk_id, turn_id, day)
                SELECT u.hash, \(kioskId), u.turn, u.day FROM unnest(\(hashes)::text[], \(turns)::text[], \(days)::text[])
                    WITH ORDINALITY AS u(hash, turn, day, n)
                ORDER BY u.n
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !settled.isEmpty {
            try await connection.query("""
                UPDATE ticket_requests r SET settled_at = u.at
                FROM (SELECT DISTINCT ON (turn, kind) turn, kind, at
                      FROM unnest(\(settled)::text[], \(kinds)::text[], \(times)::bigint[]) AS u(turn, kind, at)
                      ORDER BY turn, kind, at) AS u
                WHERE r.kiosk_id = \(kioskId) AND r.turn_id = u.turn AND r.kind = u.kind AND r.settled_at IS NULL
                """, logger: logger)
        }
    }

    /// A number given with a rating on the page moves onto the call-back the kiosk opened for it.
    func moveTicketContact(callbackId: String, _ connection: PostgresConnection, _ kioskId: String) async throws {
        try await connection.query("""
            UPDATE callbacks c SET phone = r.phone, phone_consent_at = r.consent_at, phone_consent_by = 'cliente', contact_given = TRUE
            FROM ticket_requests r
            WHERE r.callback_id = \(callbackId) AND r.kiosk_id = \(kioskId) AND r.phone IS NOT NULL
                AND c.callback_id = \(callbackId) AND c.kiosk_id = \(kioskId) AND c.phone_erased_at IS NULL
            """, logger: logger)
        try await connection.query("""
            UPDATE ticket_requests SET phone = NULL, consent_at = NULL
            WHERE callback_id = \(callbackId) AND kiosk_id = \(kioskId) AND phone IS NOT NULL
            """, logger: logger)
    }

    public func ticketLink(hash: String) async throws -> TicketLink? {
        try await rows("""
            SELECT l.link_hash, l.kiosk_id, COALESCE(k.office_id, ''), l.turn_id, l.day
            FROM ticket_links l LEFT JOIN kiosks k ON k.kiosk_id = l.kiosk_id WHERE l.link_hash = \(hash)
            """).first.map { row in
            let (hash, kiosk, office, turn, day) = try row.decode((String, String, String, String, String).self)
            return TicketLink(linkHash: hash, kioskId: kiosk, officeId: office, turnId: turn, day: day)
        }
    }

    public func addTicketRequest(_ request: TicketRequest, contact: TicketContact?) async throws -> Bool {
        let inserted = try await rows("""
            INSERT INTO ticket_requests (kiosk_id, office_id, turn_id, kind, score, callback_id, contact_given, phone, consent_at,
                requested_at)
            VALUES (\(request.kioskId), \(request.officeId), \(Self.storable(request.turnId)), \(request.kind.rawValue),
                \(request.score.map(Int64.init)), \(request.callbackId), \(request.contactGiven), \(contact?.phone),
                \(contact?.consentAt.milliseconds), \(request.requestedAt.milliseconds))
            ON CONFLICT DO NOTHING RETURNING kind
            """)
        return !inserted.isEmpty
    }

    public func ticketRequests(kioskId: String, turnId: String) async throws -> [TicketRequest] {
        try await rows("""
            SELECT \(unescaped: Self.requestColumns) FROM ticket_requests WHERE kiosk_id = \(kioskId) AND turn_id = \(turnId) ORDER BY kind
            """).compactMap(Self.request)
    }

    public func pendingTicketRequests(kioskId: String, since: Date, limit: Int) async throws -> [TicketRequest] {
        try await rows("""
            SELECT \(unescaped: Self.requestColumns) FROM ticket_requests
            WHERE kiosk_id = \(kioskId) AND settled_at IS NULL AND requested_at >= \(since.milliseconds)
            ORDER BY requested_at, turn_id LIMIT \(Int64(max(0, limit)))
            """).compactMap(Self.request)
    }

    public func offerTicketRequests(kioskId: String, since: Date, offeredBefore: Date, now: Date, limit: Int) async throws -> [TicketRequest] {
        try await rows("""
            UPDATE ticket_requests SET offered_at = \(now.milliseconds)
            WHERE (kiosk_id, turn_id, kind) IN (
                SELECT kiosk_id, turn_id, kind FROM ticket_requests
                WHERE kiosk_id = \(kioskId) AND settled_at IS NULL AND requested_at >= \(since.milliseconds)
                    AND (offered_at IS NULL OR offered_at < \(offeredBefore.milliseconds))
                ORDER BY requested_at, turn_id LIMIT \(Int64(max(0, limit))) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.requestColumns)
            """).compactMap(Self.request).sorted { ($0.requestedAt, $0.turnId) < ($1.requestedAt, $1.turnId) }
    }

    public func pruneTickets(dayBefore: String, requestedBefore: Date) async throws -> Int {
        let links = try await rows("DELETE FROM ticket_links WHERE day < \(dayBefore) RETURNING day")
        let requests = try await rows("DELETE FROM ticket_requests WHERE requested_at < \(requestedBefore.milliseconds) RETURNING kind")
        return links.count + requests.count
    }

    private static let requestColumns = "kiosk_id, office_id, turn_id, kind, score, callback_id, contact_given, requested_at, settled_at"

    private static func request(_ row: PostgresRow) throws -> TicketRequest? {
        let cells = row.makeRandomAccess()
        guard let kind = TicketRequestKind(rawValue: try cells[3].decode(String.self)) else { return nil }
        return TicketRequest(
            kioskId: try cells[0].decode(String.self), officeId: try cells[1].decode(String.self), turnId: try cells[2].decode(String.self),
            kind: kind, score: try cells[4].decode(Int64?.self).map(Int.init), callbackId: try cells[5].decode(String?.self),
            contactGiven: try cells[6].decode(Bool.self), requestedAt: Date(milliseconds: try cells[7].decode(Int64.self)),
            settledAt: try cells[8].decode(Int64?.self).map(Date.init(milliseconds:)))
    }
}
