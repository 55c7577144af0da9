import Foundation
import Hummingbird
import Logging
import SyncProtocol

// Enrollment, key changes, declared gaps and datasets.
extension KioskAPI {
    /// `POST /v1/enroll`: a one-time code registers the kiosk's public key.
    func enroll(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let now = context.now
        let enrollment = try decode(EnrollmentRequest.self, try await body(of: request))
        guard Identifier.isValid(enrollment.kioskId) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "kiosk_id must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard let keyText = enrollment.publicKey else {
            throw APIError(.badRequest, ErrorCode.badRequest, "public_key is required: this kiosk's software is too old to enroll; update it")
        }
        guard let key = KioskVerifyingKey.ed25519(base64: keyText) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "public_key must be a base64 Ed25519 public key (32 bytes)")
        }
        guard let code = EnrollmentCode.normalize(enrollment.code) else {
            throw APIError(.unauthorized, ErrorCode.invalidCode, "unknown, used or expired enrollment code")
        }
        let expiry = now.addingTimeInterval(configuration.credentialLifetime)
        let outcome = try await storage.redeemEnrollmentCode(
            hash: EnrollmentCode.hash(code), kioskId: enrollment.kioskId, key: key, credentialExpiresAt: expiry, now: now)
        switch outcome {
        case .enrolled(let office, let expiresAt):
            logger.notice("kiosk enrolled", metadata: [
                "kiosk": "\(enrollment.kioskId)", "office": "\(office)", "key": "\(key.fingerprint)",
            ])
            return .json(.ok, EnrollmentResponse(
                kioskId: enrollment.kioskId, officeId: office, expiresAt: expiresAt.milliseconds, serverTime: now.milliseconds,
                keyFingerprint: key.fingerprint))
        case .invalidCode:
            throw APIError(.unauthorized, ErrorCode.invalidCode, "unknown, used or expired enrollment code, or one minted for another kiosk")
        case .alreadyEnrolled:
            throw APIError(
                .conflict, ErrorCode.enrollmentConflict,
                "kiosk \(enrollment.kioskId) is already enrolled: a manager must revoke it first (turnero-central kiosk revoke), "
                    + "or mint a code for it (turnero-central enroll-code --kiosk)")
        case .keyConflict:
            throw APIError(.conflict, ErrorCode.enrollmentConflict, "this code was already used by this kiosk with another key")
        }
    }

    /// `POST /v1/kiosks/{id}/key`: the kiosk replaces its key (HMAC kiosks move to Ed25519).
    func changeKey(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let credential = try context.requireKiosk()
        let kioskId = credential.kioskId
        let now = context.now
        let change = try decode(KeyChangeRequest.self, try await body(of: request))
        guard let key = KioskVerifyingKey.ed25519(base64: change.publicKey) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "public_key must be a base64 Ed25519 public key (32 bytes)")
        }
        // Signed with the new key already: an earlier change went through and its answer was lost.
        if credential.key != key {
            guard try await storage.changeKioskKey(kioskId: kioskId, from: credential.key, to: key, now: now) else {
                throw APIError(.serviceUnavailable, ErrorCode.unavailable, "the kiosk's credential changed meanwhile; retry", retryAfter: 1)
            }
            logger.notice("kiosk key changed", metadata: [
                "kiosk": "\(kioskId)", "from": "\(credential.key.fingerprint)", "to": "\(key.fingerprint)",
            ])
        }
        return .json(.ok, KeyChangeResponse(keyFingerprint: key.fingerprint, serverTime: now.milliseconds))
    }

    /// `POST /v1/kiosks/{id}/gaps`: events the centre lost (older backup restored) and the kiosk
    /// already deleted are recorded as a permanent gap; the stream goes on after them.
    func declareGap(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kioskId = try context.requireKiosk().kioskId
        let now = context.now
        let declaration = try decode(GapDeclaration.self, try await body(of: request))
        if let problem = declaration.shapeProblem { throw APIError(.badRequest, ErrorCode.badRequest, problem) }
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
            return .json(.ok, GapAnswer(acceptedThrough: accepted, archivedThrough: archived, lostEvents: lost, serverTime: now.milliseconds))
        case .gap(let accepted, let archived):
            throw APIError.gap(
                "the declared range starts after \(accepted + 1); declare from there", acceptedThrough: accepted, archivedThrough: archived)
        }
    }

    /// `GET /v1/datasets/{name}?have=V`: 304 when current, else the full snapshot.
    func dataset(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let credential = try context.requireKiosk()
        let name = context.parameters.get("name") ?? ""
        guard Identifier.isValid(name) else { throw APIError(.notFound, ErrorCode.notFound, "no such dataset") }
        var have: Int64?
        if let text = request.query("have") {
            guard let value = Int64(text), value >= 0 else { throw APIError(.badRequest, ErrorCode.badRequest, "have must be a version number") }
            have = value
        }
        guard let snapshot = try await storage.dataset(name: name, officeId: credential.officeId) else {
            throw APIError(.notFound, ErrorCode.notFound, "no such dataset")
        }
        let etag: HTTPFields = [.eTag: "\"\(snapshot.version)\""]
        if snapshot.version == have { return Response(status: .notModified, headers: etag) }
        return .json(.ok, snapshot, headers: etag)
    }
}
