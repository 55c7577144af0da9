public import Foundation
import Crypto

/// Request signing: a kiosk's Ed25519 key (``KioskSigningKey/ed25519(_:)``), or the HMAC-SHA256
/// secret of a kiosk enrolled before keys (until `turnero sync rekey`). Pure: the caller
/// supplies time and nonce.
///
/// The signed text is, one per line: the scheme, the method, the request target (path and
/// query exactly as sent), the kiosk id, the timestamp (ms since 1970), the nonce and the
/// hex SHA-256 of the body bytes as sent (compressed bodies are signed compressed, so the
/// centre rejects a forged request before inflating anything).
public enum RequestSignature {
    /// Names of the signature headers (lowercase, as HTTP/2 and swift-http-types spell them).
    public enum Header {
        public static let kiosk = "x-turnero-kiosk"
        public static let timestamp = "x-turnero-timestamp"
        public static let nonce = "x-turnero-nonce"
        public static let signature = "x-turnero-signature"
    }

    /// The first line of the signed text for HMAC kiosks; changing the algorithm changes it.
    public static let scheme = "TURNERO-HMAC-SHA256"
    /// The first line of the signed text for kiosks that sign with their Ed25519 key.
    public static let ed25519Scheme = "TURNERO-ED25519"

    /// The four signature header values of one request.
    public struct Parts: Sendable, Hashable {
        public var kioskId: String
        public var timestamp: Int64
        public var nonce: String
        public var signature: String

        public init(kioskId: String, timestamp: Int64, nonce: String, signature: String) {
            self.kioskId = kioskId
            self.timestamp = timestamp
            self.nonce = nonce
            self.signature = signature
        }

        /// The headers to send.
        public var headers: [(String, String)] {
            [
                (Header.kiosk, kioskId), (Header.timestamp, String(timestamp)), (Header.nonce, nonce),
                (Header.signature, signature),
            ]
        }
    }

    /// Hex SHA-256 of `body`.
    public static func bodyDigest(_ body: some DataProtocol) -> String {
        Hex.encode(SHA256.hash(data: body))
    }

    /// The text that is signed.
    public static func canonicalString(
        method: String, target: String, kioskId: String, timestamp: Int64, nonce: String, bodyDigest: String,
        scheme: String = scheme
    ) -> String {
        [scheme, method.uppercased(), target, kioskId, String(timestamp), nonce, bodyDigest].joined(separator: "\n")
    }

    /// Signs a request with a kiosk's key: returns the header values.
    public static func sign(
        method: String, target: String, body: some DataProtocol, kioskId: String, timestamp: Int64, nonce: String,
        key: KioskSigningKey
    ) -> Parts {
        switch key {
        case .hmac(let secret):
            return sign(method: method, target: target, body: body, kioskId: kioskId, timestamp: timestamp, nonce: nonce, secret: secret)
        case .ed25519(let raw):
            let text = canonicalString(
                method: method, target: target, kioskId: kioskId, timestamp: timestamp, nonce: nonce,
                bodyDigest: bodyDigest(body), scheme: ed25519Scheme)
            // Signing cannot fail with a valid key; a malformed key signs nothing, which is refused.
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            let signature = (try? key?.signature(for: Data(text.utf8))) ?? Data()
            return Parts(kioskId: kioskId, timestamp: timestamp, nonce: nonce, signature: signature.base64EncodedString())
        }
    }

    /// Whether `parts.signature` is valid for the request under the kiosk's registered key.
    public static func isValid(
        _ parts: Parts, method: String, target: String, body: some DataProtocol, key: KioskVerifyingKey
    ) -> Bool {
        switch key {
        case .hmac(let secret):
            return isValid(parts, method: method, target: target, body: body, secret: secret)
        case .ed25519(let publicKey):
            guard let signature = Data(base64Encoded: parts.signature), signature.count == 64,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
            else { return false }
            let text = canonicalString(
                method: method, target: target, kioskId: parts.kioskId, timestamp: parts.timestamp, nonce: parts.nonce,
                bodyDigest: bodyDigest(body), scheme: ed25519Scheme)
            return key.isValidSignature(signature, for: Data(text.utf8))
        }
    }

    /// Signs a request: returns the header values.
    public static func sign(
        method: String, target: String, body: some DataProtocol, kioskId: String, timestamp: Int64, nonce: String,
        secret: [UInt8]
    ) -> Parts {
        let text = canonicalString(
            method: method, target: target, kioskId: kioskId, timestamp: timestamp, nonce: nonce,
            bodyDigest: bodyDigest(body))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
        return Parts(kioskId: kioskId, timestamp: timestamp, nonce: nonce, signature: Data(mac).base64EncodedString())
    }

    /// Whether `parts.signature` is the right MAC for the request (constant-time comparison).
    public static func isValid(
        _ parts: Parts, method: String, target: String, body: some DataProtocol, secret: [UInt8]
    ) -> Bool {
        guard let mac = Data(base64Encoded: parts.signature), mac.count == SHA256.byteCount else { return false }
        let text = canonicalString(
            method: method, target: target, kioskId: parts.kioskId, timestamp: parts.timestamp, nonce: parts.nonce,
            bodyDigest: bodyDigest(body))
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(text.utf8), using: SymmetricKey(data: secret))
    }

    /// Whether a nonce has the expected shape: 16–64 hex digits.
    public static func isWellFormedNonce(_ nonce: String) -> Bool {
        let bytes = Array(nonce.utf8)
        return (16...64).contains(bytes.count)
            && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A fresh random nonce (128 bits, hex).
    public static func makeNonce<G: RandomNumberGenerator>(using generator: inout G) -> String {
        Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// A fresh random secret (256 bits) from the system's secure generator.
    public static func makeSecret() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}

/// What a kiosk signs its requests with.
public enum KioskSigningKey: Sendable, Hashable {
    /// The kiosk's Ed25519 private key, 32 raw bytes (generated on the kiosk; never leaves it).
    case ed25519([UInt8])
    /// The shared secret of a kiosk enrolled before keys.
    case hmac([UInt8])

    /// A fresh Ed25519 key from the system's secure generator.
    public static func generate() -> KioskSigningKey { .ed25519(Array(Curve25519.Signing.PrivateKey().rawRepresentation)) }

    /// What the centre keeps to check this key's signatures (empty for a malformed key).
    public var verifyingKey: KioskVerifyingKey {
        switch self {
        case .ed25519(let raw):
            .ed25519((try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)).map { Array($0.publicKey.rawRepresentation) } ?? [])
        case .hmac(let secret): .hmac(secret)
        }
    }

    /// The base64 raw public key of an Ed25519 key (what enrollment sends), else nil.
    public var publicKeyBase64: String? {
        guard case .ed25519(let bytes) = verifyingKey, !bytes.isEmpty else { return nil }
        return Data(bytes).base64EncodedString()
    }
}

/// What the centre checks a kiosk's signatures with.
public enum KioskVerifyingKey: Sendable, Hashable {
    /// The raw 32-byte Ed25519 public key registered at enrollment.
    case ed25519([UInt8])
    /// The shared secret of a kiosk enrolled before keys (kept until the kiosk moves to a key).
    case hmac([UInt8])

    /// A short fingerprint for logs and the dashboard: the first 8 bytes of SHA-256, hex
    /// (never the secret of an HMAC kiosk).
    public var fingerprint: String {
        switch self {
        case .ed25519(let key): "ed25519:" + Hex.encode(SHA256.hash(data: key).prefix(8))
        case .hmac: "hmac"
        }
    }

    /// Decodes a base64 raw Ed25519 public key; nil when it is not one.
    public static func ed25519(base64 text: String) -> KioskVerifyingKey? {
        guard text.utf8.count <= 64, let bytes = Data(base64Encoded: text), bytes.count == 32,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
        else { return nil }
        return .ed25519(Array(bytes))
    }
}
