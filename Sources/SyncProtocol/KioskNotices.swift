/// A customer left the queue from their ticket's page at the centre ("ya no necesito el
/// turno"). The kiosk cancels the turn if it still waits and records `turn.cancelled` itself,
/// which tells the centre it knows.
public struct TicketCancellation: Codable, Sendable, Hashable {
    /// The turn's id (UUID, as the kiosk created it).
    public var turnId: String
    /// When the customer asked, milliseconds since 1970.
    public var requestedAt: Int64

    public init(turnId: String, requestedAt: Int64) {
        self.turnId = turnId
        self.requestedAt = requestedAt
    }

    enum CodingKeys: String, CodingKey {
        case turnId = "turn_id"
        case requestedAt = "requested_at"
    }
}

/// A customer rated the attention on their ticket's page. The kiosk records it as its own
/// `turn.rated` (and, for a detractor, `callback.opened` with `callback_id`, and
/// `callback.contact_given` when the customer left a number at the centre, which keeps it).
public struct TicketRating: Codable, Sendable, Hashable {
    /// The turn's id.
    public var turnId: String
    /// 1–10.
    public var score: Int
    /// The call-back the centre named for a detractor (nil: not a detractor).
    public var callbackId: String?
    /// The detractor agreed to be called and left a number (kept at the centre only).
    public var contactGiven: Bool
    /// When the customer rated, milliseconds since 1970.
    public var ratedAt: Int64

    public init(turnId: String, score: Int, callbackId: String?, contactGiven: Bool, ratedAt: Int64) {
        self.turnId = turnId
        self.score = score
        self.callbackId = callbackId
        self.contactGiven = contactGiven
        self.ratedAt = ratedAt
    }

    enum CodingKeys: String, CodingKey {
        case score
        case turnId = "turn_id"
        case callbackId = "callback_id"
        case contactGiven = "contact_given"
        case ratedAt = "rated_at"
    }
}

/// What the centre holds for one kiosk that the kiosk has not recorded yet: the same lists an
/// upload answer carries, for `GET /v1/kiosks/{kiosk_id}/notices?wait=S` (signed). The centre
/// answers as soon as there is something, or after `wait` seconds with empty lists: a kiosk
/// online learns of a cancellation within a second or two, at one small request per wait.
public struct KioskNotices: Codable, Sendable, Hashable {
    /// Longest wait the centre grants, seconds (below every proxy's read timeout).
    public static let maximumWait = 25

    /// The centre's clock, milliseconds since 1970.
    public var serverTime: Int64
    public var closedCallbacks: [ClosedCallback]
    public var cancelledTurns: [TicketCancellation]
    public var ticketRatings: [TicketRating]

    public init(
        serverTime: Int64, closedCallbacks: [ClosedCallback] = [], cancelledTurns: [TicketCancellation] = [],
        ticketRatings: [TicketRating] = []
    ) {
        self.serverTime = serverTime
        self.closedCallbacks = closedCallbacks
        self.cancelledTurns = cancelledTurns
        self.ticketRatings = ticketRatings
    }

    /// Nothing to record.
    public var isEmpty: Bool { closedCallbacks.isEmpty && cancelledTurns.isEmpty && ticketRatings.isEmpty }

    enum CodingKeys: String, CodingKey {
        case serverTime = "server_time"
        case closedCallbacks = "closed_callbacks"
        case cancelledTurns = "cancelled_turns"
        case ticketRatings = "ticket_ratings"
    }
}
