/// What the kiosk's printer reports, as far as the centre's dashboard cares.
///
/// Decoding is lenient: a condition this version does not know becomes ``unknown``, so a newer
/// kiosk never gets its heartbeat refused for reporting something new.
public enum KioskPrinterCondition: String, Codable, Sendable, Hashable, CaseIterable {
    /// Ready, paper loaded.
    case ok
    /// The near-end sensor fired: change the roll soon.
    case paperNearEnd = "paper_near_end"
    /// No paper: the kiosk cannot print tickets.
    case paperOut = "paper_out"
    /// The cover is open.
    case coverOpen = "cover_open"
    /// The printer does not answer (unplugged, powered off, cable).
    case offline
    /// The printer reported an error (cutter jam, overheating…).
    case error
    /// Not known (no printer status source, or a condition newer than this version).
    case unknown

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = KioskPrinterCondition(rawValue: text) ?? .unknown
    }

    /// Whether a person has to act for the kiosk to print.
    public var needsAttention: Bool { self != .ok && self != .unknown }
}

/// `POST /v1/kiosks/{kiosk_id}/status` (signed): the kiosk's heartbeat, sent by the sync loop
/// after upload attempts (at most every `statusInterval`, and at once when the printer changes).
///
/// Version 1. The centre answers `200 {server_time}`; it refuses a `version` it does not know
/// with `400 unsupported_version`, so the format can change without silent misreadings.
public struct KioskStatus: Codable, Sendable, Hashable {
    /// The format version this type encodes.
    public static let currentVersion = 1

    /// Format version (1).
    public var version: Int
    /// Kiosk wall-clock time when sent, milliseconds since 1970 (informational).
    public var sentAt: Int64
    /// The kiosk software version, e.g. `0.9.0` (at most 64 characters).
    public var appVersion: String?
    /// The printer's condition.
    public var printer: KioskPrinterCondition
    /// Events in the outbox not yet acknowledged by the centre.
    public var pendingEvents: Int64
    /// Age in seconds of the oldest pending event when sent (nil when nothing is pending).
    public var oldestPendingAgeSeconds: Int64?
    /// The kiosk database's epoch (which stream the pending events belong to).
    public var dbEpoch: String?
    /// When the kiosk last handed out a ticket, milliseconds since 1970 (nil: none yet).
    public var lastTicketAt: Int64?
    /// That ticket's label (`P-042`; at most 32 characters).
    public var lastTicketLabel: String?
    /// The dataset versions the kiosk runs on (`office-config`, `bills`; at most 20).
    public var datasetVersions: [String: Int64]?

    public init(
        sentAt: Int64, appVersion: String?, printer: KioskPrinterCondition, pendingEvents: Int64,
        oldestPendingAgeSeconds: Int64?, dbEpoch: String?, version: Int = KioskStatus.currentVersion,
        lastTicketAt: Int64? = nil, lastTicketLabel: String? = nil, datasetVersions: [String: Int64]? = nil
    ) {
        self.version = version
        self.sentAt = sentAt
        self.appVersion = appVersion
        self.printer = printer
        self.pendingEvents = pendingEvents
        self.oldestPendingAgeSeconds = oldestPendingAgeSeconds
        self.dbEpoch = dbEpoch
        self.lastTicketAt = lastTicketAt
        self.lastTicketLabel = lastTicketLabel
        self.datasetVersions = datasetVersions
    }

    /// Why the status is not acceptable, or nil when it is.
    public var problem: String? {
        guard version == Self.currentVersion else { return "unsupported status version \(version)" }
        guard pendingEvents >= 0, (oldestPendingAgeSeconds ?? 0) >= 0 else { return "counts and ages must not be negative" }
        if let appVersion, appVersion.utf8.count > 64 || appVersion.contains(where: { $0.isNewline }) {
            return "app_version must be at most 64 characters on one line"
        }
        if let dbEpoch, !DBEpoch.isValid(dbEpoch) { return "db_epoch must be 1–64 letters, digits or '-'" }
        if let label = lastTicketLabel, label.utf8.count > 32 || label.contains(where: { $0.isNewline }) {
            return "last_ticket_label must be at most 32 characters on one line"
        }
        if let versions = datasetVersions {
            guard versions.count <= 20, versions.allSatisfy({ Identifier.isValid($0.key) && $0.value >= 0 }) else {
                return "dataset_versions must hold at most 20 dataset names with versions ≥ 0"
            }
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case version, printer
        case sentAt = "sent_at"
        case appVersion = "app_version"
        case pendingEvents = "pending_events"
        case oldestPendingAgeSeconds = "oldest_pending_age_s"
        case dbEpoch = "db_epoch"
        case lastTicketAt = "last_ticket_at"
        case lastTicketLabel = "last_ticket_label"
        case datasetVersions = "dataset_versions"
    }
}

/// The answer to a heartbeat.
public struct KioskStatusAnswer: Codable, Sendable, Hashable {
    /// The centre's clock, milliseconds since 1970.
    public var serverTime: Int64

    public init(serverTime: Int64) { self.serverTime = serverTime }

    enum CodingKeys: String, CodingKey { case serverTime = "server_time" }
}
