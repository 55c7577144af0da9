import Foundation
import Crypto
import SyncProtocol

/// Random tokens for the operator commands (login links): the same form the server expects.
public enum SecretTokens {
    /// 256 random bits, base64url without padding.
    public static func make() -> String { SecretToken.make() }
    /// The stored form of a token (hex SHA-256).
    public static func hash(_ token: String) -> String { SecretToken.hash(token) }
}

/// Random tokens (sessions, CSRF, login links) and their stored hashes.
enum SecretToken {
    /// 256 random bits, base64url without padding.
    static func make() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the database keeps: hex SHA-256 of the token.
    static func hash(_ token: String) -> String { Hex.encode(SHA256.hash(data: Data(token.utf8))) }

    /// Whether `token` has the shape ``make()`` produces (43 base64url characters).
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

/// Operators' API tokens: `tnr_` and 256 random bits; the centre keeps only their hash.
public enum APITokens {
    /// A new token (shown once) and its public id.
    public static func make() -> (token: String, id: String) {
        let id = "tok_" + Hex.encode(SHA256.hash(data: Data(SecretToken.make().utf8))).prefix(10)
        return ("tnr_" + SecretToken.make(), String(id))
    }

    /// The stored form.
    public static func hash(_ token: String) -> String { SecretToken.hash(token) }

    /// Whether `token` has the shape ``make()`` produces.
    public static func isWellFormed(_ token: String) -> Bool {
        token.hasPrefix("tnr_") && SecretToken.isWellFormed(String(token.dropFirst(4)))
    }
}
