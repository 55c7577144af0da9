public import Foundation

/// A ticket's link as ingest keeps it: the hash of the token the ticket's QR carries (never the
/// token) and the turn it names. Stored from `turn.issued.link`, first issue wins.
public struct TicketLink: Sendable, Hashable {
    /// Hex SHA-256 of the token.
    public var linkHash: String
    public var kioskId: String
    public var officeId: String
    /// The turn's UUID, as the kiosk wrote it.
    public var turnId: String
    /// The office day the turn belongs to (YYYY-MM-DD); the page stops working after it.
    public var day: String

    public init(linkHash: String, kioskId: String, officeId: String, turnId: String, day: String) {
        self.linkHash = linkHash
        self.kioskId = kioskId
        self.officeId = officeId
        self.turnId = turnId
        self.day = day
    }
}

/// What a customer asked on their ticket's page.
public enum TicketRequestKind: String, Sendable, Hashable, CaseIterable {
    /// "Ya no necesito el turno".
    case cancel
    /// A rating after service.
    case rate
}

/// A request from a ticket's page, waiting for the office's kiosk to record it (a notice) or
/// already settled by an event of that kiosk.
public struct TicketRequest: Sendable, Hashable {
    public var kioskId: String
    public var officeId: String
    public var turnId: String
    public var kind: TicketRequestKind
    /// 1–10 (ratings only).
    public var score: Int?
    /// The call-back the centre named for a detractor.
    public var callbackId: String?
    /// The detractor agreed to be called and left a number (kept here, never sent to the kiosk).
    public var contactGiven: Bool
    public var requestedAt: Date
    /// When an event of the kiosk made the request moot or recorded it (nil: still a notice).
    public var settledAt: Date?

    public init(
        kioskId: String, officeId: String, turnId: String, kind: TicketRequestKind, score: Int? = nil, callbackId: String? = nil,
        contactGiven: Bool = false, requestedAt: Date, settledAt: Date? = nil
    ) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.turnId = turnId
        self.kind = kind
        self.score = score
        self.callbackId = callbackId
        self.contactGiven = contactGiven
        self.requestedAt = requestedAt
        self.settledAt = settledAt
    }
}

/// A detractor's number given on the ticket's page, kept with the rating until the kiosk's
/// `callback.opened` arrives, then moved onto that call-back.
public struct TicketContact: Sendable, Hashable {
    /// Digits only (``ColombianPhone``).
    public var phone: String
    public var consentAt: Date

    public init(phone: String, consentAt: Date) {
        self.phone = phone
        self.consentAt = consentAt
    }
}

/// Where the centre keeps ticket links and the requests made on ticket pages (part of
/// ``CentralStorage``). Links come in with ingest (``DerivedFact/ticketIssued(linkHash:turnId:day:)``);
/// a request is settled in the ingest transaction of the kiosk event that records it or makes it
/// moot, so a notice is delivered until the office's books have it and never after.
public protocol TicketStorage: Sendable {
    /// The link with this hash (one indexed lookup; the hash is compared by the index, never
    /// against a list of tokens).
    func ticketLink(hash: String) async throws -> TicketLink?
    /// Stores a request unless one of the same kind exists for the turn (insert-or-ignore on
    /// the turn and kind): false when one was already made (a rating is given once).
    func addTicketRequest(_ request: TicketRequest, contact: TicketContact?) async throws -> Bool
    /// The requests made for one turn of one kiosk (settled ones too).
    func ticketRequests(kioskId: String, turnId: String) async throws -> [TicketRequest]
    /// Requests of one kiosk not settled yet and made since `since`, oldest first.
    func pendingTicketRequests(kioskId: String, since: Date, limit: Int) async throws -> [TicketRequest]
    /// Like ``pendingTicketRequests(kioskId:since:limit:)`` for a long-poll: only requests not
    /// offered since `offeredBefore`, marked offered at `now` in the same transaction. A kiosk
    /// that just recorded a notice and long-polls again before its event is up is not handed
    /// the same notice at once (it would find it moot and pause); one it did not record comes
    /// again once the offer is older than the lease.
    func offerTicketRequests(kioskId: String, since: Date, offeredBefore: Date, now: Date, limit: Int) async throws -> [TicketRequest]
    /// Forgets links of office days before `dayBefore` (their pages are long gone) and requests
    /// made before `requestedBefore`, with any number a detractor left that never reached a
    /// call-back; how many rows went.
    func pruneTickets(dayBefore: String, requestedBefore: Date) async throws -> Int
}
