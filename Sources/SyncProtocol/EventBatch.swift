/// One outbox event on the wire: the kiosk's immutable fact with its place in the stream.
///
/// `payload` is the exact JSON text the kiosk stored (a flat object with a `type` field), sent
/// as a string so both sides hash the same bytes; see ``ContentHash``.
public struct WireEvent: Codable, Sendable, Hashable {
    /// Gapless per-(kiosk, epoch) sequence number, from 1.
    public var seq: Int64
    /// The event's UUID (lowercase); unique across all kiosks.
    public var eventId: String
    /// The stable type name, e.g. `turn.called`.
    public var type: String
    /// The office day, `YYYY-MM-DD`.
    public var day: String
    /// Kiosk wall-clock time in milliseconds since 1970: informational, never used for ordering.
    public var occurredAt: Int64
    /// The event's JSON text.
    public var payload: String

    public init(seq: Int64, eventId: String, type: String, day: String, occurredAt: Int64, payload: String) {
        self.seq = seq
        self.eventId = eventId
        self.type = type
        self.day = day
        self.occurredAt = occurredAt
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case seq, type, day, payload
        case eventId = "event_id"
        case occurredAt = "occurred_at"
    }
}

/// What the kiosk knows about its own clock when it sends, so the centre can flag skew.
public struct ClientClock: Codable, Sendable, Hashable {
    /// Kiosk wall-clock time at sending, milliseconds since 1970.
    public var wallTime: Int64
    /// `/proc/sys/kernel/random/boot_id`, so monotonic times of different boots are not compared.
    public var bootId: String?
    /// Milliseconds since boot (monotonic).
    public var monotonicMs: Int64?
    /// The last measured offset `server − kiosk`, in milliseconds, if any.
    public var offsetMs: Int64?

    public init(wallTime: Int64, bootId: String? = nil, monotonicMs: Int64? = nil, offsetMs: Int64? = nil) {
        self.wallTime = wallTime
        self.bootId = bootId
        self.monotonicMs = monotonicMs
        self.offsetMs = offsetMs
    }

    enum CodingKeys: String, CodingKey {
        case wallTime = "wall_time"
        case bootId = "boot_id"
        case monotonicMs = "monotonic_ms"
        case offsetMs = "offset_ms"
    }
}

/// `POST /v1/kiosks/{kiosk_id}/events`: a contiguous run of one stream's events.
///
/// `events` holds exactly the sequence numbers `fromSeq…toSeq`, in order. An empty batch
/// (`toSeq == fromSeq − 1`) is a probe: it asks for the stream's marks and the dataset versions.
public struct EventBatch: Codable, Sendable, Hashable {
    public var dbEpoch: String
    public var fromSeq: Int64
    public var toSeq: Int64
    public var events: [WireEvent]
    public var client: ClientClock?

    public init(dbEpoch: String, fromSeq: Int64, toSeq: Int64, events: [WireEvent], client: ClientClock? = nil) {
        self.dbEpoch = dbEpoch
        self.fromSeq = fromSeq
        self.toSeq = toSeq
        self.events = events
        self.client = client
    }

    /// A batch of `events`, which must be contiguous; `next` is the probe's start when empty.
    public init(dbEpoch: String, events: [WireEvent], next: Int64, client: ClientClock? = nil) {
        let from = events.first?.seq ?? next
        self.init(dbEpoch: dbEpoch, fromSeq: from, toSeq: events.last?.seq ?? from - 1, events: events, client: client)
    }

    /// Why the batch's shape is wrong, or nil when it is well formed.
    public var shapeProblem: String? {
        guard fromSeq >= 1 else { return "from_seq must be at least 1" }
        guard toSeq >= fromSeq - 1 else { return "to_seq must be at least from_seq - 1" }
        guard Int64(events.count) == toSeq - fromSeq + 1 else { return "events must hold exactly from_seq…to_seq" }
        for (offset, event) in events.enumerated() where event.seq != fromSeq + Int64(offset) {
            return "events must be contiguous and in order (seq \(event.seq) at position \(offset))"
        }
        guard DBEpoch.isValid(dbEpoch) else { return "db_epoch must be 1–64 letters, digits or '-'" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case events, client
        case dbEpoch = "db_epoch"
        case fromSeq = "from_seq"
        case toSeq = "to_seq"
    }
}

/// Validation of the identifiers that appear in paths and keys.
public enum DBEpoch {
    /// 1–64 ASCII letters, digits or `-`.
    public static func isValid(_ value: String) -> Bool { Identifier.isValid(value, maxLength: 64) }
}

/// Identifier syntax shared by kiosk ids, office ids, epochs and dataset names.
public enum Identifier {
    /// 1–`maxLength` ASCII letters, digits, `-`, `_` or `.`, not starting with `.`.
    public static func isValid(_ value: String, maxLength: Int = 64) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength, bytes[0] != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
