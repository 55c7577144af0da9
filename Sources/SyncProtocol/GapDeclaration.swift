/// `POST /v1/kiosks/{kiosk_id}/gaps` (signed): the kiosk declares events of its stream that the
/// centre lacks and the kiosk no longer has (it compacted them after a backup the centre was
/// later restored from an older copy of). The centre records the range as a permanent gap, moves
/// the stream's mark past it, and accepts what follows. See docs/sync.md ("Recovery after a
/// restore").
public struct GapDeclaration: Codable, Sendable, Hashable {
    /// The stream's database epoch.
    public var dbEpoch: String
    /// First lost sequence number: the centre's high-water mark + 1.
    public var fromSeq: Int64
    /// Last lost sequence number: the kiosk's first remaining event − 1 (or its last event).
    public var toSeq: Int64

    public init(dbEpoch: String, fromSeq: Int64, toSeq: Int64) {
        self.dbEpoch = dbEpoch
        self.fromSeq = fromSeq
        self.toSeq = toSeq
    }

    /// The largest sequence number a declaration may name (2⁵³: exact in every JSON reader).
    public static let maxSeq: Int64 = 1 << 53
    /// The most events one declaration may name.
    public static let maxEvents: Int64 = 10_000_000

    /// Why the declaration is malformed, or nil.
    public var shapeProblem: String? {
        guard DBEpoch.isValid(dbEpoch) else { return "db_epoch must be 1–64 letters, digits or '-'" }
        if fromSeq < 1 { return "from_seq must be at least 1" }
        if toSeq < fromSeq { return "to_seq must be at least from_seq" }
        // Bounded so that no mark can ever approach Int64.max (marks are compared as mark + 1).
        if toSeq > Self.maxSeq { return "to_seq must be at most \(Self.maxSeq)" }
        if toSeq - fromSeq >= Self.maxEvents { return "at most \(Self.maxEvents) events per declaration" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case dbEpoch = "db_epoch"
        case fromSeq = "from_seq"
        case toSeq = "to_seq"
    }
}

/// The centre's answer to a gap declaration: the stream's marks after it.
public struct GapAnswer: Codable, Sendable, Hashable {
    /// The stream's mark: the kiosk resends from the next number.
    public var acceptedThrough: Int64
    /// The stream's archived mark (the kiosk may delete up to it).
    public var archivedThrough: Int64
    /// Events recorded as lost in this stream so far (every declared gap).
    public var lostEvents: Int64
    public var serverTime: Int64

    public init(acceptedThrough: Int64, archivedThrough: Int64, lostEvents: Int64, serverTime: Int64) {
        self.acceptedThrough = acceptedThrough
        self.archivedThrough = archivedThrough
        self.lostEvents = lostEvents
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case acceptedThrough = "accepted_through"
        case archivedThrough = "archived_through"
        case lostEvents = "lost_events"
        case serverTime = "server_time"
    }
}
