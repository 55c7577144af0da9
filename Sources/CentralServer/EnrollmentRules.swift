public import Foundation
public import SyncProtocol

/// Who may enroll with a code: one rule for both storage backends, which only read the rows
/// (in their transaction) and perform the decision.
///
/// - A code is bound to an office and optionally to one kiosk id, used once, and expires.
/// - A kiosk id that is enrolled and not revoked is taken again only with a code minted for it.
/// - Retrying a used code with the same kiosk id and the same key gets the same answer, as long
///   as that key is still the kiosk's; another key is a conflict.
public enum EnrollmentRules {
    /// An enrollment code as stored.
    public struct Code: Sendable, Hashable {
        public var officeId: String
        /// Set when the code was minted for one kiosk id.
        public var boundKioskId: String?
        public var expiresAt: Date
        public var used: Bool
        public var usedBy: String?
        /// The public key the code was used with (nil for HMAC enrollments).
        public var usedKey: [UInt8]?

        public init(officeId: String, boundKioskId: String?, expiresAt: Date, used: Bool, usedBy: String?, usedKey: [UInt8]?) {
            self.officeId = officeId
            self.boundKioskId = boundKioskId
            self.expiresAt = expiresAt
            self.used = used
            self.usedBy = usedBy
            self.usedKey = usedKey
        }
    }

    /// The kiosk id's current enrollment.
    public struct Kiosk: Sendable, Hashable {
        public var officeId: String
        public var key: KioskVerifyingKey
        public var expiresAt: Date
        public var revoked: Bool

        public init(officeId: String, key: KioskVerifyingKey, expiresAt: Date, revoked: Bool) {
            self.officeId = officeId
            self.key = key
            self.expiresAt = expiresAt
            self.revoked = revoked
        }
    }

    /// What the backend does.
    public enum Decision: Sendable, Hashable {
        /// Mark the code used (with this key) and register the key for the kiosk in `office`.
        case register(office: String)
        /// Change nothing and answer this.
        case answer(EnrollmentOutcome)

        /// The outcome to return when nothing is registered.
        public var outcome: EnrollmentOutcome {
            switch self {
            case .answer(let outcome): outcome
            case .register: .invalidCode
            }
        }
    }

    /// Decides one redemption. Pure.
    public static func decide(code: Code, kioskId: String, key: KioskVerifyingKey, kiosk: Kiosk?, now: Date) -> Decision {
        if let bound = code.boundKioskId, bound != kioskId { return .answer(.invalidCode) }
        if code.used {
            guard code.usedBy == kioskId else { return .answer(.invalidCode) }
            guard let usedKey = code.usedKey, key.publicKeyBytes == usedKey else { return .answer(.keyConflict) }
            // A retry: the same answer while that key is still the kiosk's.
            guard let kiosk, !kiosk.revoked, kiosk.key == key else { return .answer(.invalidCode) }
            return .answer(.enrolled(officeId: kiosk.officeId, expiresAt: kiosk.expiresAt))
        }
        guard code.expiresAt > now else { return .answer(.invalidCode) }
        if let kiosk, !kiosk.revoked, code.boundKioskId != kioskId { return .answer(.alreadyEnrolled) }
        return .register(office: code.officeId)
    }
}

extension KioskVerifyingKey {
    /// The raw public key of an Ed25519 key (nil for HMAC).
    public var publicKeyBytes: [UInt8]? {
        if case .ed25519(let bytes) = self { return bytes }
        return nil
    }

    /// The secret of an HMAC key (nil for Ed25519).
    public var secretBytes: [UInt8]? {
        if case .hmac(let secret) = self { return secret }
        return nil
    }
}
