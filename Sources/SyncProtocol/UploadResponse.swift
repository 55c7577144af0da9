/// The centre's verdict on one event of a batch.
public struct EventResult: Codable, Sendable, Hashable {
    /// What happened to the event.
    public enum Status: String, Codable, Sendable, Hashable {
        /// Stored now.
        case accepted
        /// Already stored with the same content (a retry or a replay): nothing changed.
        case duplicate
        /// Invalid: stored as a dead letter for a person to look at; it does not block the stream.
        case rejected
    }

    public var seq: Int64
    public var status: Status
    /// Why it was rejected (rejected events only).
    public var reason: String?

    public init(seq: Int64, status: Status, reason: String? = nil) {
        self.seq = seq
        self.status = status
        self.reason = reason
    }
}

/// The answer to an accepted upload (HTTP 200); the kiosk applies it and nothing else.
public struct UploadResponse: Codable, Sendable, Hashable {
    /// Every sequence number up to this one is stored at the centre (contiguous high-water mark).
    public var acceptedThrough: Int64
    /// Every sequence number up to this one is also in a backup: the kiosk may delete them.
    public var archivedThrough: Int64
    public var results: [EventResult]
    /// The centre's clock, milliseconds since 1970 (the kiosk measures its offset from it).
    public var serverTime: Int64
    /// Current version of each dataset the kiosk should hold.
    public var datasetVersions: [String: Int64]
    /// Detractor call-backs of this kiosk closed at the centre that the kiosk has not recorded
    /// yet: it records each as its own `callback.closed`, which tells the centre it knows
    /// (absent when there are none, and from older centres).
    public var closedCallbacks: [ClosedCallback]?
    /// Turns of this kiosk whose customer left the queue from the ticket's page (absent when
    /// none, and from older centres).
    public var cancelledTurns: [TicketCancellation]?
    /// Ratings customers gave on their ticket's page, not yet recorded by the kiosk.
    public var ticketRatings: [TicketRating]?

    public init(
        acceptedThrough: Int64, archivedThrough: Int64, results: [EventResult], serverTime: Int64,
        datasetVersions: [String: Int64], closedCallbacks: [ClosedCallback]? = nil, cancelledTurns: [TicketCancellation]? = nil,
        ticketRatings: [TicketRating]? = nil
    ) {
        self.cancelledTurns = cancelledTurns
        self.ticketRatings = ticketRatings
        self.acceptedThrough = acceptedThrough
        self.archivedThrough = archivedThrough
        self.results = results
        self.serverTime = serverTime
        self.datasetVersions = datasetVersions
        self.closedCallbacks = closedCallbacks
    }

    enum CodingKeys: String, CodingKey {
        case results
        case acceptedThrough = "accepted_through"
        case archivedThrough = "archived_through"
        case serverTime = "server_time"
        case datasetVersions = "dataset_versions"
        case closedCallbacks = "closed_callbacks"
        case cancelledTurns = "cancelled_turns"
        case ticketRatings = "ticket_ratings"
    }

    /// The lists the kiosk records, as a long-poll would carry them.
    public var notices: KioskNotices {
        KioskNotices(
            serverTime: serverTime, closedCallbacks: closedCallbacks ?? [], cancelledTurns: cancelledTurns ?? [],
            ticketRatings: ticketRatings ?? [])
    }
}

/// The body of every error response: a stable machine code plus details.
public struct ErrorBody: Codable, Sendable, Hashable {
    /// Stable error code (``ErrorCode``).
    public var error: String
    /// A sentence for technicians; never contains secrets.
    public var message: String
    /// For `gap`: the centre's high-water mark; the kiosk resends from the next number.
    public var acceptedThrough: Int64?
    /// For `gap`: the centre's archived mark.
    public var archivedThrough: Int64?
    /// For `seq_conflict`: the sequence number stored with different content.
    public var conflictSeq: Int64?
    /// The centre's clock (always present), so a kiosk with a wrong clock can correct its offset.
    public var serverTime: Int64?

    public init(
        error: String, message: String, acceptedThrough: Int64? = nil, archivedThrough: Int64? = nil,
        conflictSeq: Int64? = nil, serverTime: Int64? = nil
    ) {
        self.error = error
        self.message = message
        self.acceptedThrough = acceptedThrough
        self.archivedThrough = archivedThrough
        self.conflictSeq = conflictSeq
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case error, message
        case acceptedThrough = "accepted_through"
        case archivedThrough = "archived_through"
        case conflictSeq = "conflict_seq"
        case serverTime = "server_time"
    }
}

/// The `error` values of ``ErrorBody``.
public enum ErrorCode {
    /// 409: the batch starts after the centre's high-water mark + 1.
    public static let gap = "gap"
    /// 409: a sequence number is already stored with different content; the kiosk stops.
    public static let seqConflict = "seq_conflict"
    /// 400: malformed request (JSON, gzip, batch shape).
    public static let badRequest = "bad_request"
    /// 401: no or malformed signature headers.
    public static let unsigned = "unsigned"
    /// 401: the signature does not match (forged, or body/path changed).
    public static let badSignature = "bad_signature"
    /// 401: the kiosk has no credential here.
    public static let unknownKiosk = "unknown_kiosk"
    /// 401: the credential expired or was replaced by a new enrollment.
    public static let credentialExpired = "credential_expired"
    /// 401: the request's timestamp is too far from the centre's clock.
    public static let clockSkew = "clock_skew"
    /// 401: this nonce was already used.
    public static let replayed = "replayed"
    /// 401: unknown, used or expired enrollment code.
    public static let invalidCode = "invalid_code"
    /// 403: a kiosk tried another kiosk's stream.
    public static let forbidden = "forbidden"
    /// 404
    public static let notFound = "not_found"
    /// 405
    public static let methodNotAllowed = "method_not_allowed"
    /// 413: body over the limit (compressed or not).
    public static let tooLarge = "too_large"
    /// 415: content type or encoding not supported.
    public static let unsupportedMedia = "unsupported_media_type"
    /// 429: rate limited; see `Retry-After`.
    public static let rateLimited = "rate_limited"
    /// 503: overloaded, shutting down or storage busy; see `Retry-After`.
    public static let unavailable = "unavailable"
    /// 400: a heartbeat in a format version the centre does not know.
    public static let unsupportedVersion = "unsupported_version"
    /// 401: no operator session or credentials (dashboard, reports).
    public static let unauthorized = "unauthorized"
    /// 401: a manager revoked this kiosk (`turnero-central kiosk revoke`); enroll it again.
    public static let credentialRevoked = "credential_revoked"
    /// 409: enrollment refused: the kiosk id is enrolled (revoke it or use a code minted for
    /// it), or the code was already used with another key.
    public static let enrollmentConflict = "enrollment_conflict"

    /// Every code the centre sends (the contract test checks each is in docs/openapi.yaml).
    public static let all: [String] = [
        gap, seqConflict, badRequest, unsigned, badSignature, unknownKiosk, credentialExpired, clockSkew, replayed,
        invalidCode, forbidden, notFound, methodNotAllowed, tooLarge, unsupportedMedia, rateLimited, unavailable,
        unsupportedVersion, unauthorized, credentialRevoked, enrollmentConflict,
    ]
}
