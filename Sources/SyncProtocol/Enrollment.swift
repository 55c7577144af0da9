/// `POST /v1/enroll` (unsigned): register the kiosk's public key with a one-time code.
///
/// Only the public key travels: the private key is generated on the kiosk and never leaves it,
/// and the centre keeps nothing that could sign for the kiosk.
public struct EnrollmentRequest: Codable, Sendable, Hashable {
    /// The one-time code minted by `turnero-central enroll-code`.
    public var code: String
    /// The kiosk's id (from its database); one credential per kiosk id.
    public var kioskId: String
    /// The kiosk's Ed25519 public key: 32 raw bytes, base64. Required (older kiosks that send
    /// none are refused with a message to update).
    public var publicKey: String?

    public init(code: String, kioskId: String, publicKey: String?) {
        self.code = code
        self.kioskId = kioskId
        self.publicKey = publicKey
    }

    enum CodingKeys: String, CodingKey {
        case code
        case kioskId = "kiosk_id"
        case publicKey = "public_key"
    }
}

/// The enrollment's answer. Retrying with the same code and key gets the same answer.
public struct EnrollmentResponse: Codable, Sendable, Hashable {
    /// The kiosk id registered.
    public var kioskId: String
    /// The office the code was tied to: the kiosk receives this office's datasets.
    public var officeId: String
    /// When the credential stops working, milliseconds since 1970; enroll again before.
    public var expiresAt: Int64
    /// The centre's clock, milliseconds since 1970.
    public var serverTime: Int64
    /// The registered key's fingerprint (``KioskVerifyingKey/fingerprint``), for the technician.
    public var keyFingerprint: String?

    public init(kioskId: String, officeId: String, expiresAt: Int64, serverTime: Int64, keyFingerprint: String?) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.expiresAt = expiresAt
        self.serverTime = serverTime
        self.keyFingerprint = keyFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case kioskId = "kiosk_id"
        case officeId = "office_id"
        case expiresAt = "expires_at"
        case serverTime = "server_time"
        case keyFingerprint = "key_fingerprint"
    }
}

/// `POST /v1/kiosks/{kiosk_id}/key` (signed with the kiosk's current credential): replace it
/// with a new Ed25519 public key (`turnero sync rekey`: HMAC kiosks move to keys this way).
/// Sending the key already registered is answered 200 again, so a lost answer costs nothing.
public struct KeyChangeRequest: Codable, Sendable, Hashable {
    /// The new Ed25519 public key: 32 raw bytes, base64.
    public var publicKey: String

    public init(publicKey: String) { self.publicKey = publicKey }

    enum CodingKeys: String, CodingKey {
        case publicKey = "public_key"
    }
}

/// The answer to a key change.
public struct KeyChangeResponse: Codable, Sendable, Hashable {
    /// The fingerprint of the key now registered.
    public var keyFingerprint: String
    /// The centre's clock, milliseconds since 1970.
    public var serverTime: Int64

    public init(keyFingerprint: String, serverTime: Int64) {
        self.keyFingerprint = keyFingerprint
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case keyFingerprint = "key_fingerprint"
        case serverTime = "server_time"
    }
}
