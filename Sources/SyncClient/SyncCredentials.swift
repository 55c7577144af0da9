public import Foundation
public import SyncProtocol
import Crypto

/// The kiosk's enrollment: where the centre is, how it is trusted, and the key requests are
/// signed with.
///
/// Kept in `<state-dir>/sync-credentials.json`, mode 0600, written atomically. Its
/// `description` never shows a key or secret.
public struct SyncCredentials: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `https://host[:port]` of the centre.
    public var server: String
    public var kioskId: String
    public var officeId: String
    /// Base64 raw Ed25519 private key (32 bytes), generated on this kiosk.
    public var privateKey: String?
    /// Base64 HMAC key of a kiosk enrolled before keys (`turnero sync rekey` replaces it).
    public var secret: String?
    /// A key being registered by `turnero sync rekey`, kept until the centre confirmed it.
    public var pendingPrivateKey: String?
    /// Milliseconds since 1970.
    public var expiresAt: Int64
    /// How the centre's certificate is checked.
    public var trust: CentreTrust?

    public init(
        server: String, kioskId: String, officeId: String, privateKey: String?, secret: String? = nil, expiresAt: Int64,
        trust: CentreTrust? = nil
    ) {
        self.server = server
        self.kioskId = kioskId
        self.officeId = officeId
        self.privateKey = privateKey
        self.secret = secret
        self.expiresAt = expiresAt
        self.trust = trust
    }

    /// The file name inside the state directory.
    public static let fileName = "sync-credentials.json"

    /// What requests are signed with: the Ed25519 key, else the legacy secret.
    public var signingKey: KioskSigningKey? {
        if let key = Self.privateKey(privateKey) { return .ed25519(Array(key.rawRepresentation)) }
        if let secret, let bytes = Data(base64Encoded: secret), !bytes.isEmpty { return .hmac(Array(bytes)) }
        return nil
    }

    /// The key a rekey is registering, if one is in progress.
    public var pendingKey: KioskSigningKey? { Self.privateKey(pendingPrivateKey).map { .ed25519(Array($0.rawRepresentation)) } }

    static func privateKey(_ text: String?) -> Curve25519.Signing.PrivateKey? {
        guard let text, let bytes = Data(base64Encoded: text) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
    }

    /// Base64 of a private key's raw bytes, as stored here.
    static func encode(_ key: Curve25519.Signing.PrivateKey) -> String { key.rawRepresentation.base64EncodedString() }

    public var description: String {
        let kind = privateKey != nil ? "Ed25519 key" : "shared secret (run `turnero sync rekey`)"
        return "kiosk \(kioskId) of office \(officeId) at \(server), signing with its \(kind)"
    }

    /// The transport these credentials describe.
    public func transport(timeout: TimeInterval) throws(SyncError) -> HTTPTransport {
        do {
            return try HTTPTransport(baseURL: server, trust: trust ?? CentreTrust(), timeout: timeout)
        } catch {
            throw SyncError(.credentials, error.description)
        }
    }

    /// Loads the credentials from a state directory, or nil when the kiosk is not enrolled.
    public static func load(stateDirectory: String) throws(SyncError) -> SyncCredentials? {
        let path = (stateDirectory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(SyncCredentials.self, from: data)
        } catch {
            throw SyncError(.credentials, "\(path) is not a valid credentials file")
        }
    }

    /// Writes the credentials (0600, atomically) into a state directory.
    public func save(stateDirectory: String) throws(SyncError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw SyncError(.credentials, "cannot encode credentials") }
        try AtomicFile.write(Array(data), to: (stateDirectory as NSString).appendingPathComponent(Self.fileName), mode: 0o600)
    }
}
