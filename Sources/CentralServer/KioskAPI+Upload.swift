import Foundation
import Hummingbird
import Logging
import SyncProtocol

// Uploads and heartbeats.
extension KioskAPI {
    /// `POST /v1/kiosks/{id}/events`: one batch, one transaction (``IngestCore`` in the backend).
    func upload(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let credential = try context.requireKiosk()
        let kioskId = credential.kioskId
        let now = context.now
        let batch = try decode(EventBatch.self, try await body(of: request))
        if let problem = batch.shapeProblem { throw APIError(.badRequest, ErrorCode.badRequest, problem) }
        guard batch.events.count <= configuration.maxBatchEvents else {
            throw APIError(.contentTooLarge, ErrorCode.tooLarge, "at most \(configuration.maxBatchEvents) events per batch")
        }
        let checked = batch.events.map(validator.check)
        guard ingests.enter() else {
            throw APIError(.serviceUnavailable, ErrorCode.unavailable, "the centre is busy; retry later", retryAfter: 2)
        }
        metrics?.ingestsInFlight.increment()
        defer {
            ingests.leave()
            metrics?.ingestsInFlight.decrement()
        }
        let started = ContinuousClock.now
        let outcome = try await storage.ingest(
            kioskId: kioskId, dbEpoch: batch.dbEpoch, fromSeq: batch.fromSeq, events: checked, client: batch.client, now: now)
        record(outcome, duration: ContinuousClock.now - started)
        var metadata: Logger.Metadata = [
            "kiosk": "\(kioskId)", "epoch": "\(batch.dbEpoch)", "from": "\(batch.fromSeq)", "to": "\(batch.toSeq)",
        ]
        switch outcome {
        case .stored(let results, let accepted, let archived, let skew):
            let rejected = results.count { $0.status == .rejected }
            metadata["accepted"] = "\(results.count { $0.status == .accepted })"
            metadata["duplicates"] = "\(results.count { $0.status == .duplicate })"
            metadata["high_water"] = "\(accepted)"
            if batch.events.isEmpty {
                logger.debug("probe answered", metadata: metadata)
            } else {
                logger.info("batch stored", metadata: metadata)
            }
            if rejected > 0 { logger.warning("dead letters stored", metadata: metadata.merging(["dead_letters": "\(rejected)"]) { $1 }) }
            if let skew, abs(Double(skew)) > configuration.skewWarning * 1000 {
                logger.warning("kiosk clock skew", metadata: ["kiosk": "\(kioskId)", "skew_ms": "\(skew)"])
            }
            let versions = try await storage.datasetVersions(officeId: credential.officeId)
            let notices = try await self.notices(kioskId: kioskId, now: now)
            return .json(.ok, UploadResponse(
                acceptedThrough: accepted, archivedThrough: archived, results: results, serverTime: now.milliseconds,
                datasetVersions: versions, closedCallbacks: notices.closedCallbacks.isEmpty ? nil : notices.closedCallbacks,
                cancelledTurns: notices.cancelledTurns.isEmpty ? nil : notices.cancelledTurns,
                ticketRatings: notices.ticketRatings.isEmpty ? nil : notices.ticketRatings))
        case .gap(let accepted, let archived):
            metadata["high_water"] = "\(accepted)"
            logger.notice("batch after a gap", metadata: metadata)
            throw APIError.gap("the batch starts after \(accepted + 1); resend from there", acceptedThrough: accepted, archivedThrough: archived)
        case .seqConflict(let seq, let accepted, let archived):
            metadata["conflict_seq"] = "\(seq)"
            logger.error("sequence conflict: same seq, different content", metadata: metadata)
            var error = APIError(.conflict, ErrorCode.seqConflict, "seq \(seq) is already stored with different content")
            error.acceptedThrough = accepted
            error.archivedThrough = archived
            error.conflictSeq = seq
            throw error
        }
    }

    private func record(_ outcome: IngestOutcome, duration: Duration) {
        guard let metrics else { return }
        switch outcome {
        case .stored(let results, _, _, _):
            metrics.ingest(duration: duration, outcome: "stored")
            metrics.events(
                accepted: results.count { $0.status == .accepted }, duplicates: results.count { $0.status == .duplicate },
                rejected: results.count { $0.status == .rejected })
        case .gap: metrics.ingest(duration: duration, outcome: "gap")
        case .seqConflict: metrics.ingest(duration: duration, outcome: "seq_conflict")
        }
    }

    /// `POST /v1/kiosks/{id}/status`: the kiosk's heartbeat (printer, pending events).
    func status(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kioskId = try context.requireKiosk().kioskId
        let bytes = try await body(of: request)
        try refuseUnknownVersion(bytes, current: KioskStatus.currentVersion, of: "status")
        let status = try decode(KioskStatus.self, bytes)
        if let problem = status.problem { throw APIError(.badRequest, ErrorCode.badRequest, problem) }
        try await storage.recordKioskStatus(kioskId: kioskId, status: status, receivedAt: context.now)
        metrics?.heartbeats.increment()
        logger.debug("kiosk status", metadata: [
            "kiosk": "\(kioskId)", "printer": "\(status.printer.rawValue)", "pending": "\(status.pendingEvents)",
        ])
        if status.printer.needsAttention {
            logger.notice("kiosk printer needs attention", metadata: ["kiosk": "\(kioskId)", "printer": "\(status.printer.rawValue)"])
        }
        return .json(.ok, KioskStatusAnswer(serverTime: context.now.milliseconds))
    }
}
