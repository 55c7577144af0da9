/// A call-back closed at the centre, as the kiosk is told about it in an upload answer.
public struct ClosedCallback: Codable, Sendable, Hashable {
    /// The call-back's id (UUID, as the kiosk created it).
    public var callbackId: String
    /// `resolved`, `escalated`, `technical-visit`, `contacted` or `not-contacted`.
    public var outcome: String
    /// When the centre closed it, milliseconds since 1970.
    public var closedAt: Int64

    public init(callbackId: String, outcome: String, closedAt: Int64) {
        self.callbackId = callbackId
        self.outcome = outcome
        self.closedAt = closedAt
    }

    enum CodingKeys: String, CodingKey {
        case outcome
        case callbackId = "callback_id"
        case closedAt = "closed_at"
    }
}

/// `POST /v1/kiosks/{kiosk_id}/contacts` (signed): numbers detractors gave at the rating
/// screen, each with the time of the customer's consent. Personal data: sent apart from the
/// events (which are kept for good), never logged, and deleted by the kiosk once stored.
public struct ContactUpload: Codable, Sendable, Hashable {
    /// The format version this type encodes.
    public static let currentVersion = 1
    /// Most contacts per request.
    public static let maxContacts = 100

    public var version: Int
    public var contacts: [Contact]

    /// One number for one call-back.
    public struct Contact: Codable, Sendable, Hashable {
        public var callbackId: String
        /// Ten national digits (Colombia's numbering plan).
        public var phone: String
        /// When the customer consented, milliseconds since 1970.
        public var consentedAt: Int64

        public init(callbackId: String, phone: String, consentedAt: Int64) {
            self.callbackId = callbackId
            self.phone = phone
            self.consentedAt = consentedAt
        }

        enum CodingKeys: String, CodingKey {
            case phone
            case callbackId = "callback_id"
            case consentedAt = "consented_at"
        }
    }

    public init(contacts: [Contact], version: Int = ContactUpload.currentVersion) {
        self.version = version
        self.contacts = contacts
    }
}

/// The answer to a contact upload: what became of each number.
public struct ContactUploadAnswer: Codable, Sendable, Hashable {
    /// `stored` (the kiosk deletes its copy), `unknown` (no such call-back of this kiosk yet:
    /// keep it and retry) or `discarded` (too late to be of use: the kiosk deletes its copy).
    public var results: [String: String]
    /// The centre's clock, milliseconds since 1970.
    public var serverTime: Int64

    public init(results: [String: String], serverTime: Int64) {
        self.results = results
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case results
        case serverTime = "server_time"
    }
}
