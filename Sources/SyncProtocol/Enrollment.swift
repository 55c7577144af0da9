/// `POST /v1/enroll` (unsigned): trade a one-time code for a per-kiosk credential.
public struct EnrollmentRequest: Codable, Sendable, Hashable {
    /// The one-time code minted by `turnero-central enroll-code`.
    public var code: String
    /// The kiosk's id (from its database); one credential per kiosk id.
    public var kioskId: String

    public init(code: String, kioskId: String) {
        self.code = code
        self.kioskId = kioskId
    }

    enum CodingKeys: String, CodingKey {
        case code
        case kioskId = "kiosk_id"
    }
}

/// The credential issued at enrollment. The secret is shown once; the kiosk keeps it in a 0600 file.
public struct EnrollmentResponse: Codable, Sendable, Hashable {
    public var kioskId: String
    /// The office the code was tied to: the kiosk receives this office's datasets.
    public var officeId: String
    /// Base64 HMAC-SHA256 key (32 random bytes).
    public var secret: String
    /// When the credential stops working, milliseconds since 1970; enroll again before.
    public var expiresAt: Int64
    public var serverTime: Int64

    public init(kioskId: String, officeId: String, secret: String, expiresAt: Int64, serverTime: Int64) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.secret = secret
        self.expiresAt = expiresAt
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case secret
        case kioskId = "kiosk_id"
        case officeId = "office_id"
        case expiresAt = "expires_at"
        case serverTime = "server_time"
    }
}
