import Foundation
import Logging
import SyncProtocol

// Enrollment, key changes and declared gaps.
extension CentralAPI {
    /// `POST /v1/enroll`: a one-time code registers the kiosk's public key.
    func enroll(_ request: APIRequest, now: Date) async throws -> APIResponse {
        if let wait = limiter.admit("enroll:\(request.remoteAddress ?? "?")", now: now) {
            throw Refusal(429, ErrorCode.rateLimited, "too many enrollment attempts", retryAfter: wait)
        }
        try refuseWhileDraining()
        let enrollment = try decode(EnrollmentRequest.self, try body(of: request))
        guard Identifier.isValid(enrollment.kioskId) else {
            throw Refusal(400, ErrorCode.badRequest, "kiosk_id must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard let keyText = enrollment.publicKey else {
            throw Refusal(400, ErrorCode.badRequest, "public_key is required: this kiosk's software is too old to enroll; update it")
        }
        guard let key = KioskVerifyingKey.ed25519(base64: keyText) else {
            throw Refusal(400, ErrorCode.badRequest, "public_key must be a base64 Ed25519 public key (32 bytes)")
        }
        guard let code = EnrollmentCode.normalize(enrollment.code) else {
            throw Refusal(401, ErrorCode.invalidCode, "unknown, used or expired enrollment code")
        }
        let expiry = now.addingTimeInterval(configuration.credentialLifetime)
        let outcome = try await storage.redeemEnrollmentCode(
            hash: EnrollmentCode.hash(code), kioskId: enrollment.kioskId, key: key, credentialExpiresAt: expiry, now: now)
        switch outcome {
        case .enrolled(let office, let expiresAt):
            logger.notice("kiosk enrolled", metadata: [
                "kiosk": "\(enrollment.kioskId)", "office": "\(office)", "key": "\(key.fingerprint)",
            ])
            return .json(200, EnrollmentResponse(
                kioskId: enrollment.kioskId, officeId: office, expiresAt: expiresAt.milliseconds, serverTime: now.milliseconds,
                keyFingerprint: key.fingerprint))
        case .invalidCode:
            throw Refusal(401, ErrorCode.invalidCode, "unknown, used or expired enrollment code, or one minted for another kiosk")
        case .alreadyEnrolled:
            throw Refusal(
                409, ErrorCode.enrollmentConflict,
                "kiosk \(enrollment.kioskId) is already enrolled: a manager must revoke it first (turnero-central kiosk revoke), "
                    + "or mint a code for it (turnero-central enroll-code --kiosk)")
        case .keyConflict:
            throw Refusal(409, ErrorCode.enrollmentConflict, "this code was already used by this kiosk with another key")
        }
    }

    /// `POST /v1/kiosks/{id}/key`: the kiosk replaces its key (HMAC kiosks move to Ed25519).
    func changeKey(_ request: APIRequest, kioskId: String, now: Date) async throws -> APIResponse {
        let credential = try await authenticatedKiosk(request, kioskId: kioskId, now: now)
        try refuseWhileDraining()
        let change = try decode(KeyChangeRequest.self, try body(of: request))
        guard let key = KioskVerifyingKey.ed25519(base64: change.publicKey) else {
            throw Refusal(400, ErrorCode.badRequest, "public_key must be a base64 Ed25519 public key (32 bytes)")
        }
        // Signed with the new key already: an earlier change went through and its answer was lost.
        if credential.key != key {
            guard try await storage.changeKioskKey(kioskId: kioskId, from: credential.key, to: key, now: now) else {
                throw Refusal(503, ErrorCode.unavailable, "the kiosk's credential changed meanwhile; retry", retryAfter: 1)
            }
            logger.notice("kiosk key changed", metadata: [
                "kiosk": "\(kioskId)", "from": "\(credential.key.fingerprint)", "to": "\(key.fingerprint)",
            ])
        }
        return .json(200, KeyChangeResponse(keyFingerprint: key.fingerprint, serverTime: now.milliseconds))
    }

    /// `POST /v1/kiosks/{id}/gaps`: events the centre lost (older backup restored) and the kiosk
    /// already deleted are recorded as a permanent gap; the stream goes on after them.
    func declareGap(_ request: APIRequest, kioskId: String, now: Date) async throws -> APIResponse {
        _ = try await authenticatedKiosk(request, kioskId: kioskId, now: now)
        try refuseWhileDraining()
        let declaration = try decode(GapDeclaration.self, try body(of: request))
        if let problem = declaration.shapeProblem { throw Refusal(400, ErrorCode.badRequest, problem) }
        let outcome = try await storage.declareGap(
            kioskId: kioskId, dbEpoch: declaration.dbEpoch, fromSeq: declaration.fromSeq, toSeq: declaration.toSeq, now: now)
        switch outcome {
        case .recorded(let accepted, let archived, let lost):
            // Loud but not an error of the centre: an operator restored an older backup (the
            // dashboard's kiosk page and the metric show it).
            logger.warning("events declared lost: the centre was restored from an older backup", metadata: [
                "kiosk": "\(kioskId)", "epoch": "\(declaration.dbEpoch)", "from": "\(declaration.fromSeq)",
                "to": "\(declaration.toSeq)", "lost_in_stream": "\(lost)",
            ])
            metrics?.gapDeclared(events: max(0, declaration.toSeq - declaration.fromSeq + 1))
            return .json(200, GapAnswer(acceptedThrough: accepted, archivedThrough: archived, lostEvents: lost, serverTime: now.milliseconds))
        case .gap(let accepted, let archived):
            return .error(
                409, ErrorCode.gap, "the declared range starts after \(accepted + 1); declare from there", now: now,
                acceptedThrough: accepted, archivedThrough: archived)
        }
    }

    /// Authenticates a signed request for `/v1/kiosks/{kioskId}/…` and applies the kiosk's rate limit.
    func authenticatedKiosk(_ request: APIRequest, kioskId: String, now: Date) async throws -> KioskCredential {
        let credential = try await authenticator.authenticate(request, now: now)
        guard credential.kioskId == kioskId else {
            throw Refusal(403, ErrorCode.forbidden, "a kiosk may write only its own stream")
        }
        if let wait = limiter.admit(credential.kioskId, now: now) {
            throw Refusal(429, ErrorCode.rateLimited, "too many requests from this kiosk", retryAfter: wait)
        }
        return credential
    }

    /// New work is refused with 503 + Retry-After once shutdown began.
    func refuseWhileDraining() throws {
        if drain.isDraining {
            throw Refusal(503, ErrorCode.unavailable, "the centre is shutting down; retry shortly", retryAfter: drain.retryAfter)
        }
    }
}
