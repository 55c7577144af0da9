import Foundation
import Crypto
import _CryptoExtras

/// Secrets people type — operators' passwords at the centre, agents' PINs at counters — as
/// PBKDF2-HMAC-SHA256 (`_CryptoExtras`), stored as
/// `pbkdf2-sha256$ROUNDS$SALT$KEY` (salt and key in base64): the rounds travel with the hash,
/// so raising the default later does not lock anyone out.
public enum PasswordHash {
    /// Rounds for new hashes (OWASP's figure for PBKDF2-HMAC-SHA256).
    public static let defaultRounds = 600_000
    /// Fewest rounds accepted when verifying (a tampered row cannot make checks cheap).
    public static let minimumRounds = 1_000
    private static let scheme = "pbkdf2-sha256"

    /// Hashes `password` with a fresh 16-byte salt.
    /// - Parameter rounds: tests may use fewer; never below 1,000.
    public static func make(_ password: String, rounds: Int = defaultRounds) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        let key = try derive(password, salt: salt, rounds: max(rounds, minimumRounds))
        return [scheme, String(max(rounds, minimumRounds)), Data(salt).base64EncodedString(), Data(key).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` matches `stored` (constant-time comparison of the keys).
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let rounds = Int(parts[1]), rounds >= minimumRounds,
            rounds <= 10_000_000, let salt = Data(base64Encoded: String(parts[2])),
            let expected = Data(base64Encoded: String(parts[3])), expected.count == 32,
            let key = try? derive(password, salt: Array(salt), rounds: rounds)
        else { return false }
        // HMAC verification is constant-time: compare the derived keys through it.
        let probe = SymmetricKey(size: .bits256)
        let mac = HMAC<SHA256>.authenticationCode(for: key, using: probe)
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: expected, using: probe)
    }

    /// A hash that never verifies, so an unknown operator costs as much as a wrong password.
    public static let decoy: String = (try? make(UUID().uuidString, rounds: defaultRounds)) ?? "\(scheme)$1000$AA==$AA=="

    private static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }
}
