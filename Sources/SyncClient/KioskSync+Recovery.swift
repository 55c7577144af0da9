import Foundation
import SyncProtocol

// Recovery after the centre was restored from an older backup, and the move to a key.
extension KioskSync {
    /// The centre lacks `missing` and this kiosk already deleted them (they were archived by a
    /// later backup than the one restored): declares them lost, so the centre records a
    /// permanent gap and the stream goes on. Everything after them is resent.
    func declareLost(_ missing: ClosedRange<Int64>) async throws(SyncError) -> RoundResult {
        logger.error("events missing at the centre were already deleted here; declaring them lost", metadata: [
            "from": "\(missing.lowerBound)", "to": "\(missing.upperBound)",
        ])
        let declaration = GapDeclaration(dbEpoch: database.identity.dbEpoch, fromSeq: missing.lowerBound, toSeq: missing.upperBound)
        let body: [UInt8]
        do { body = try SyncJSON.encode(declaration) } catch { throw SyncError(.protocolViolation, "cannot encode the gap") }
        let response = try await signedSend("POST", SyncPaths.gaps(kioskId: credentials.kioskId), body: body, gzip: false)
        switch response.status {
        case 200:
            let answer: GapAnswer = try decode(response)
            guard answer.acceptedThrough >= missing.upperBound else {
                throw SyncError(.protocolViolation, "the centre recorded the gap but its mark is \(answer.acceptedThrough)")
            }
            _ = try await store { [self] in
                try database.recordDeclaredGap(
                    missing, acceptedThrough: answer.acceptedThrough, archivedThrough: answer.archivedThrough)
            }
            return .rewound(from: missing.upperBound + 1)
        case 409:
            // The centre's mark moved meanwhile (another round): the next round sees it.
            return .rewound(from: missing.lowerBound)
        default:
            throw failure(response)
        }
    }

    /// Registers a new Ed25519 key with the centre, signed with the current credential (a
    /// kiosk enrolled with a shared secret moves to a key this way), and saves it. Safe to run
    /// again after any interruption: the new key is written down before it is sent, and a
    /// centre that already switched accepts the request signed with the new key.
    public func rekey(stateDirectory: String) async throws(SyncError) -> SyncCredentials {
        var updated = credentials
        if updated.pendingKey == nil {
            updated.pendingPrivateKey = SyncCredentials.encode(.init())
            try updated.save(stateDirectory: stateDirectory)
        }
        guard let newKey = updated.pendingKey, let publicKey = newKey.publicKeyBase64 else {
            throw SyncError(.credentials, "cannot make a key")
        }
        let body: [UInt8]
        do {
            body = try SyncJSON.encode(KeyChangeRequest(publicKey: publicKey))
        } catch {
            throw SyncError(.protocolViolation, "cannot encode the key")
        }
        let target = SyncPaths.key(kioskId: credentials.kioskId)
        var response = try await signedSend("POST", target, body: body, gzip: false)
        if response.status == 401 {
            // An earlier attempt went through and its answer was lost: the centre knows the new key.
            response = try await signedSend("POST", target, body: body, gzip: false, key: newKey)
        }
        guard response.status == 200 else { throw failure(response) }
        updated.privateKey = updated.pendingPrivateKey
        updated.pendingPrivateKey = nil
        updated.secret = nil
        try updated.save(stateDirectory: stateDirectory)
        logger.notice("signing key replaced", metadata: ["kiosk": "\(credentials.kioskId)"])
        return updated
    }
}
