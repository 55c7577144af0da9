import Foundation
import Crypto
import SyncProtocol

/// One-time enrollment codes: 12 characters of Crockford base32 (60 bits), shown as
/// `XXXX-XXXX-XXXX`; the centre stores only their SHA-256.
public enum EnrollmentCode {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A fresh random code.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return [0, 4, 8].map { String(characters[$0..<($0 + 4)]) }.joined(separator: "-")
    }

    /// The code as typed, uppercased and without separators; nil when it cannot be a code.
    public static func normalize(_ code: String) -> String? {
        let cleaned = code.uppercased().filter { $0 != "-" && $0 != " " }
        guard cleaned.count == 12, cleaned.allSatisfy(alphabet.contains) else { return nil }
        return cleaned
    }

    /// The stored form of a normalized code.
    public static func hash(_ normalized: String) -> String {
        Hex.encode(SHA256.hash(data: Data(normalized.utf8)))
    }
}
