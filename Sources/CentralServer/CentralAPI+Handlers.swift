import Foundation
import Logging
import SyncProtocol

extension CentralAPI {
    /// `POST /v1/kiosks/{id}/events`: one batch, one transaction.
    func upload(_ request: APIRequest, kioskId: String, now: Date) async throws -> APIResponse {
        let credential = try await authenticatedKiosk(request, kioskId: kioskId, now: now)
        try refuseWhileDraining()
        let batch = try decode(EventBatch.self, try body(of: request))
        if let problem = batch.shapeProblem { throw Refusal(400, ErrorCode.badRequest, problem) }
        guard batch.events.count <= configuration.maxBatchEvents else {
            throw Refusal(413, ErrorCode.tooLarge, "at most \(configuration.maxBatchEvents) events per batch")
        }
        let checked = batch.events.map(validator.check)

        let admitted = ingesting.withLock { count in
            guard count < configuration.maxConcurrentIngests else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Refusal(503, ErrorCode.unavailable, "the centre is busy; retry later", retryAfter: 2) }
        metrics?.ingestsInFlight.increment(by: 1)
        defer {
            ingesting.withLock { $0 -= 1 }
            metrics?.ingestsInFlight.decrement(by: 1)
        }

        let started = ContinuousClock.now
        let outcome = try await storage.ingest(
            kioskId: kioskId, dbEpoch: batch.dbEpoch, fromSeq: batch.fromSeq, events: checked, client: batch.client, now: now)
        if let metrics {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            switch outcome {
            case .stored(let results, _, _, _):
                metrics.ingest(seconds: seconds, outcome: "stored")
                metrics.events(
                    accepted: results.count { $0.status == .accepted }, duplicates: results.count { $0.status == .duplicate },
                    rejected: results.count { $0.status == .rejected })
            case .gap: metrics.ingest(seconds: seconds, outcome: "gap")
            case .seqConflict: metrics.ingest(seconds: seconds, outcome: "seq_conflict")
            }
        }
        var metadata: Logger.Metadata = [
            "kiosk": "\(kioskId)", "epoch": "\(batch.dbEpoch)", "from": "\(batch.fromSeq)", "to": "\(batch.toSeq)",
        ]
        switch outcome {
        case .stored(let results, let accepted, let archived, let skew):
            let rejected = results.filter { $0.status == .rejected }
            metadata["accepted"] = "\(results.count { $0.status == .accepted })"
            metadata["duplicates"] = "\(results.count { $0.status == .duplicate })"
            metadata["high_water"] = "\(accepted)"
            if batch.events.isEmpty {
                logger.debug("probe answered", metadata: metadata)
            } else {
                logger.info("batch stored", metadata: metadata)
            }
            if !rejected.isEmpty {
                logger.warning("dead letters stored", metadata: metadata.merging(["dead_letters": "\(rejected.count)"]) { $1 })
            }
            if let skew, abs(Double(skew)) > configuration.skewWarning * 1000 {
                logger.warning("kiosk clock skew", metadata: ["kiosk": "\(kioskId)", "skew_ms": "\(skew)"])
            }
            let versions = try await storage.datasetVersions(officeId: credential.officeId)
            let closed = try await storage.closuresToDeliver(kioskId: kioskId, limit: 50).compactMap { record in
                record.outcome.map { outcome in
                    ClosedCallback(callbackId: record.opening.id, outcome: outcome.rawValue, closedAt: (record.closedAt ?? now).milliseconds)
                }
            }
            return .json(200, UploadResponse(
                acceptedThrough: accepted, archivedThrough: archived, results: results, serverTime: now.milliseconds,
                datasetVersions: versions, closedCallbacks: closed.isEmpty ? nil : closed))
        case .gap(let accepted, let archived):
            metadata["high_water"] = "\(accepted)"
            logger.notice("batch after a gap", metadata: metadata)
            return .error(
                409, ErrorCode.gap, "the batch starts after \(accepted + 1); resend from there", now: now,
                acceptedThrough: accepted, archivedThrough: archived)
        case .seqConflict(let seq, let accepted, let archived):
            metadata["conflict_seq"] = "\(seq)"
            logger.error("sequence conflict: same seq, different content", metadata: metadata)
            return .error(
                409, ErrorCode.seqConflict, "seq \(seq) is already stored with different content", now: now,
                acceptedThrough: accepted, archivedThrough: archived, conflictSeq: seq)
        }
    }

    /// `POST /v1/kiosks/{id}/status`: the kiosk's heartbeat (printer, pending events).
    func status(_ request: APIRequest, kioskId: String, now: Date) async throws -> APIResponse {
        _ = try await authenticatedKiosk(request, kioskId: kioskId, now: now)
        try refuseWhileDraining()
        let bytes = try body(of: request)
        struct Version: Decodable { var version: Int? }
        if let version = (try? SyncJSON.decode(Version.self, from: bytes))?.version, version != KioskStatus.currentVersion {
            throw Refusal(400, ErrorCode.unsupportedVersion, "status version \(version) is not supported; send version \(KioskStatus.currentVersion)")
        }
        let status = try decode(KioskStatus.self, bytes)
        if let problem = status.problem { throw Refusal(400, ErrorCode.badRequest, problem) }
        try await storage.recordKioskStatus(kioskId: kioskId, status: status, receivedAt: now)
        metrics?.heartbeat()
        logger.debug("kiosk status", metadata: [
            "kiosk": "\(kioskId)", "printer": "\(status.printer.rawValue)", "pending": "\(status.pendingEvents)",
        ])
        if status.printer.needsAttention {
            logger.notice("kiosk printer needs attention", metadata: ["kiosk": "\(kioskId)", "printer": "\(status.printer.rawValue)"])
        }
        return .json(200, KioskStatusAnswer(serverTime: now.milliseconds))
    }

    /// `GET /v1/ready`: 200 when storage answers and the centre takes work; 503 otherwise.
    func readiness(now: Date) async throws -> APIResponse {
        guard !drain.isDraining else {
            return .error(503, ErrorCode.unavailable, "shutting down", now: now, retryAfter: drain.retryAfter)
        }
        do {
            try await storage.ping()
        } catch {
            logger.warning("readiness: storage does not answer", metadata: ["error": "\(error)"])
            return .error(503, ErrorCode.unavailable, "storage does not answer", now: now, retryAfter: 5)
        }
        return .json(200, ["status": "ready", "storage": storage.backendName])
    }

    /// `GET /v1/datasets/{name}?have=V`: 304 when current, else the full snapshot.
    func dataset(_ request: APIRequest, name: String, now: Date) async throws -> APIResponse {
        let credential = try await authenticator.authenticate(request, now: now)
        if let wait = limiter.admit(credential.kioskId, now: now) {
            throw Refusal(429, ErrorCode.rateLimited, "too many requests from this kiosk", retryAfter: wait)
        }
        try refuseWhileDraining()
        guard Identifier.isValid(name) else { throw Refusal(404, ErrorCode.notFound, "no such dataset") }
        var have: Int64?
        if let text = request.query["have"] {
            guard let value = Int64(text), value >= 0 else { throw Refusal(400, ErrorCode.badRequest, "have must be a version number") }
            have = value
        }
        guard let snapshot = try await storage.dataset(name: name, officeId: credential.officeId) else {
            throw Refusal(404, ErrorCode.notFound, "no such dataset")
        }
        if snapshot.version == have {
            return APIResponse(status: 304, headers: [("etag", "\"\(snapshot.version)\"")])
        }
        return .json(200, snapshot, headers: [("etag", "\"\(snapshot.version)\"")])
    }
}
