/// `POST /v1/kiosks/{kiosk_id}/escalation-contacts` (signed): the phone or e-mail customers
/// agreed, at the counter, to be told an escalated request's answer by. Personal data, as
/// ``ContactUpload``: sent apart from the events, never logged, deleted by the kiosk once stored.
/// The answer is a ``ContactUploadAnswer`` keyed by escalation id.
public struct EscalationContactUpload: Codable, Sendable, Hashable {
    /// The format version this type encodes.
    public static let currentVersion = 1
    /// Most contacts per request.
    public static let maxContacts = 100

    public var version: Int
    public var contacts: [Contact]

    /// One contact for one escalation: a phone or an e-mail address.
    public struct Contact: Codable, Sendable, Hashable {
        public var escalationId: String
        /// Ten national digits (Colombia's numbering plan), or nil for an e-mail.
        public var phone: String?
        /// An e-mail address, or nil for a phone.
        public var email: String?
        /// When the customer consented, milliseconds since 1970.
        public var consentedAt: Int64

        public init(escalationId: String, phone: String?, email: String?, consentedAt: Int64) {
            self.escalationId = escalationId
            self.phone = phone
            self.email = email
            self.consentedAt = consentedAt
        }

        enum CodingKeys: String, CodingKey {
            case phone, email
            case escalationId = "escalation_id"
            case consentedAt = "consented_at"
        }
    }

    public init(contacts: [Contact], version: Int = EscalationContactUpload.currentVersion) {
        self.version = version
        self.contacts = contacts
    }
}
