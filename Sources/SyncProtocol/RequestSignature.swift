public import Foundation
import Crypto

/// Request signing with a per-kiosk secret (HMAC-SHA256). Pure: the caller supplies time and nonce.
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

    /// The first line of the signed text; changing the algorithm changes it.
    public static let scheme = "TURNERO-HMAC-SHA256"

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
        method: String, target: String, kioskId: String, timestamp: Int64, nonce: String, bodyDigest: String
    ) -> String {
        [scheme, method.uppercased(), target, kioskId, String(timestamp), nonce, bodyDigest].joined(separator: "\n")
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
