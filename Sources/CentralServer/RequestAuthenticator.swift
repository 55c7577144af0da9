import Foundation
import SyncProtocol

/// Checks a signed request: headers, credential, revocation, signature (Ed25519 key, or the
/// HMAC secret of a kiosk enrolled before keys), expiry, timestamp window, nonce.
///
/// The MAC is checked before the timestamp and the nonce, so a forger learns nothing and
/// cannot use up a kiosk's nonces.
struct RequestAuthenticator: Sendable {
    let storage: any CentralStorage
    let nonces: NonceCache
    let window: TimeInterval

    func authenticate(_ request: APIRequest, now: Date) async throws -> KioskCredential {
        typealias Header = RequestSignature.Header
        guard let kiosk = request.headers[Header.kiosk], let timestampText = request.headers[Header.timestamp],
            let nonce = request.headers[Header.nonce], let signature = request.headers[Header.signature]
        else { throw Refusal(401, ErrorCode.unsigned, "the request is not signed") }
        guard Identifier.isValid(kiosk), let timestamp = Int64(timestampText), RequestSignature.isWellFormedNonce(nonce),
            signature.utf8.count <= 128
        else { throw Refusal(401, ErrorCode.unsigned, "malformed signature headers") }
        guard let credential = try await storage.credential(kioskId: kiosk) else {
            throw Refusal(401, ErrorCode.unknownKiosk, "this kiosk is not enrolled")
        }
        guard credential.revokedAt == nil else {
            throw Refusal(401, ErrorCode.credentialRevoked, "this kiosk was revoked; enroll it again with a new code")
        }
        let parts = RequestSignature.Parts(kioskId: kiosk, timestamp: timestamp, nonce: nonce, signature: signature)
        guard RequestSignature.isValid(parts, method: request.method, target: request.target, body: request.body, key: credential.key)
        else { throw Refusal(401, ErrorCode.badSignature, "the signature does not match the request") }
        guard now < credential.expiresAt else {
            throw Refusal(401, ErrorCode.credentialExpired, "the kiosk's credential expired; enroll again")
        }
        let sent = Date(milliseconds: timestamp)
        guard abs(sent.timeIntervalSince(now)) <= window else {
            throw Refusal(401, ErrorCode.clockSkew, "the request's timestamp is outside the accepted window")
        }
        guard nonces.insert(kioskId: kiosk, nonce: nonce, expiry: now.addingTimeInterval(2 * window), now: now) else {
            throw Refusal(401, ErrorCode.replayed, "this request was already received")
        }
        return credential
    }
}
