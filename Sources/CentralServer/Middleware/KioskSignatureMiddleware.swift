public import Foundation
public import Hummingbird
import SyncProtocol

/// Authenticates a kiosk's signed request and sets ``CentralRequestContext/kiosk``. In this
/// order: headers present and well formed, kiosk enrolled, not revoked, signature (Ed25519
/// key, or the HMAC secret of a kiosk enrolled before keys), credential not expired, timestamp
/// within the window, nonce never seen, the path's `{kiosk_id}` is the signer; then the kiosk's
/// rate limit. The signature is checked before the nonce is recorded, so a forger can neither
/// learn anything nor use up a kiosk's nonces.
///
/// Nonces live in the database (``RequestLedgerStorage``): a request replayed to another
/// instance of the centre is refused there too. The kiosk's rate limit counts the same rows.
/// The body must be collected first (``BodyLimitMiddleware``): the signature covers it as sent.
public struct KioskSignatureMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let storage: any CentralStorage
    /// How far a request's timestamp may be from the centre's clock (nonces are kept twice as long).
    let window: TimeInterval
    let limit: WindowLimit
    /// Whether the route's `{kiosk_id}` must be the signer (a kiosk writes only its own stream).
    let ownPathOnly: Bool

    public init(storage: any CentralStorage, window: TimeInterval, limit: WindowLimit, ownPathOnly: Bool) {
        self.storage = storage
        self.window = window
        self.limit = limit
        self.ownPathOnly = ownPathOnly
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let (credential, recent) = try await authenticate(request, now: context.now)
        if ownPathOnly, context.parameters.get("kiosk_id") != credential.kioskId {
            throw APIError(.forbidden, ErrorCode.forbidden, "a kiosk may write only its own stream")
        }
        if let wait = limit.wait(after: recent, now: context.now) {
            throw APIError(.tooManyRequests, ErrorCode.rateLimited, "too many requests from this kiosk", retryAfter: wait)
        }
        context.kiosk = credential
        return try await next(request, context)
    }

    /// The credential, and the kiosk's requests within the rate limit's window.
    private func authenticate(_ request: Request, now: Date) async throws -> (KioskCredential, HitCount) {
        typealias Header = RequestSignature.Header
        let headers = request.headers
        guard let kiosk = headers.value(named: Header.kiosk), let timestampText = headers.value(named: Header.timestamp),
            let nonce = headers.value(named: Header.nonce), let signature = headers.value(named: Header.signature)
        else { throw APIError(.unauthorized, ErrorCode.unsigned, "the request is not signed") }
        guard Identifier.isValid(kiosk), let timestamp = Int64(timestampText), RequestSignature.isWellFormedNonce(nonce),
            signature.utf8.count <= 128
        else { throw APIError(.unauthorized, ErrorCode.unsigned, "malformed signature headers") }
        guard let credential = try await storage.credential(kioskId: kiosk) else {
            throw APIError(.unauthorized, ErrorCode.unknownKiosk, "this kiosk is not enrolled")
        }
        guard credential.revokedAt == nil else {
            throw APIError(.unauthorized, ErrorCode.credentialRevoked, "this kiosk was revoked; enroll it again with a new code")
        }
        let body = try await request.body.collect(upTo: .max)
        let parts = RequestSignature.Parts(kioskId: kiosk, timestamp: timestamp, nonce: nonce, signature: signature)
        guard RequestSignature.isValid(
            parts, method: request.method.rawValue, target: request.head.path ?? "/", body: body.readableBytesView, key: credential.key)
        else { throw APIError(.unauthorized, ErrorCode.badSignature, "the signature does not match the request") }
        guard now < credential.expiresAt else {
            throw APIError(.unauthorized, ErrorCode.credentialExpired, "the kiosk's credential expired; enroll again")
        }
        guard abs(Date(milliseconds: timestamp).timeIntervalSince(now)) <= window else {
            throw APIError(.unauthorized, ErrorCode.clockSkew, "the request's timestamp is outside the accepted window")
        }
        let record = try await storage.recordNonce(
            kioskId: kiosk, nonce: nonce, at: now, expiresAt: now.addingTimeInterval(2 * window), windowStart: limit.start(at: now))
        guard record.fresh else { throw APIError(.unauthorized, ErrorCode.replayed, "this request was already received") }
        return (credential, record.recent)
    }
}
