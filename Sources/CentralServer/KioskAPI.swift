import DecodingDiagnostics
import Foundation
import Hummingbird
import Logging
import Synchronization
import SyncProtocol

/// The kiosks' side of the centre (`/v1/…`): health, readiness, enrollment, signed uploads,
/// heartbeats, key changes, declared gaps, contacts and datasets. Which route needs what is
/// said once, in ``addRoutes(to:)``: a body limit, the kiosk's signature and rate limit
/// (``KioskSignatureMiddleware``), the drain; handlers only decode, call storage and answer.
struct KioskAPI: Sendable {
    let storage: any CentralStorage
    let configuration: CentralConfiguration
    let logger: Logger
    let metrics: CentralMetrics?
    let drain: DrainState
    let validator: EventValidator
    let ingests: IngestGate
    /// Wakes this kiosk's notices long-polls when a ticket page queues a notice here.
    let signal: NoticeSignal

    init(
        storage: any CentralStorage, configuration: CentralConfiguration, logger: Logger, metrics: CentralMetrics?, drain: DrainState,
        signal: NoticeSignal
    ) {
        self.signal = signal
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.drain = drain
        validator = EventValidator(maxPayloadBytes: configuration.maxPayloadBytes)
        ingests = IngestGate(limit: configuration.maxConcurrentIngests)
    }

    /// The kiosks' routes, each with its middleware and the statuses it may answer.
    func addRoutes(to root: RouteRecorder) {
        let v1 = root.group("/v1")
        v1.get("/health", answers: [200]) { _, _ in .json(.ok, ["status": "ok"]) }
        v1.get("/ready", answers: [200]) { _, context in try await self.readiness(context) }
        let bodies = BodyLimitMiddleware(maxBytes: configuration.maxRequestBytes)
        // The body first everywhere: a request is dispatched when its body is complete (or cut).
        v1.group("/enroll")
            .add(middleware: bodies)
            .add(middleware: AddressLimitMiddleware(ledger: storage, name: "enroll", limit: configuration.kioskLimit))
            .add(middleware: DrainMiddleware(drain: drain))
            .post(answers: [200, 400, 401, 409, 413, 415]) { try await self.enroll($0, $1) }
        let kiosk = v1.group("/kiosks/{kiosk_id}")
            .add(middleware: bodies)
            .add(middleware: signature(ownPathOnly: true))
            .add(middleware: DrainMiddleware(drain: drain))
        kiosk.post("/events", answers: [200, 400, 401, 403, 409, 413, 415]) { try await self.upload($0, $1) }
        kiosk.post("/status", answers: [200, 400, 401, 403, 413, 415]) { try await self.status($0, $1) }
        kiosk.post("/key", answers: [200, 400, 401, 403, 413, 415]) { try await self.changeKey($0, $1) }
        kiosk.post("/gaps", answers: [200, 400, 401, 403, 409, 413, 415]) { try await self.declareGap($0, $1) }
        kiosk.post("/contacts", answers: [200, 400, 401, 403, 413, 415]) { try await self.contacts($0, $1) }
        kiosk.post("/escalation-contacts", answers: [200, 400, 401, 403, 413, 415]) { try await self.escalationContacts($0, $1) }
        kiosk.get("/notices", answers: [200, 400, 401, 403]) { try await self.noticesLongPoll($0, $1) }
        v1.group("/datasets")
            .add(middleware: bodies)
            .add(middleware: signature(ownPathOnly: false))
            .add(middleware: DrainMiddleware(drain: drain))
            .get("/{name}", answers: [200, 304, 400, 401, 404]) { try await self.dataset($0, $1) }
    }

    private func signature(ownPathOnly: Bool) -> KioskSignatureMiddleware {
        KioskSignatureMiddleware(
            storage: storage, window: configuration.signatureWindow, limit: configuration.kioskLimit, ownPathOnly: ownPathOnly)
    }

    /// `GET /v1/ready`: 200 when storage answers and the centre takes work; 503 otherwise.
    func readiness(_ context: CentralRequestContext) async throws -> Response {
        guard !drain.isDraining else {
            throw APIError(.serviceUnavailable, ErrorCode.unavailable, "shutting down", retryAfter: drain.retryAfter)
        }
        do {
            try await storage.ping()
        } catch {
            logger.warning("readiness: storage does not answer", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, ErrorCode.unavailable, "storage does not answer", retryAfter: 5)
        }
        return .json(.ok, ["status": "ready", "storage": storage.backendName])
    }

    /// The request's JSON body (collected under the limit), inflated when sent with
    /// `Content-Encoding: gzip`.
    func body(of request: Request) async throws -> [UInt8] {
        let sent = Array(buffer: try await request.body.collect(upTo: configuration.maxRequestBytes))
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, ErrorCode.unsupportedMedia, "bodies are application/json")
        }
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity":
            guard sent.count <= configuration.maxInflatedBytes else {
                throw APIError(.contentTooLarge, ErrorCode.tooLarge, "body larger than \(configuration.maxInflatedBytes) bytes")
            }
            return sent
        case "gzip":
            do {
                return try Gzip.decompress(sent, limit: configuration.maxInflatedBytes)
            } catch {
                if error.isOverLimit {
                    throw APIError(.contentTooLarge, ErrorCode.tooLarge, "inflated body larger than \(configuration.maxInflatedBytes) bytes")
                }
                throw APIError(.badRequest, ErrorCode.badRequest, "the body is not valid gzip")
            }
        default:
            throw APIError(.unsupportedMediaType, ErrorCode.unsupportedMedia, "content-encoding must be gzip or identity")
        }
    }

    /// Decodes a JSON body, or refuses with 400 saying where it is wrong.
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do {
            return try SyncJSON.decode(type, from: bytes)
        } catch {
            throw APIError(.badRequest, ErrorCode.badRequest, "the body is not a valid \(T.self): \(Self.describe(error))")
        }
    }

    /// A body's `version` when it has one the centre does not know: `400 unsupported_version`.
    func refuseUnknownVersion(_ bytes: [UInt8], current: Int, of what: String) throws {
        struct Version: Decodable { var version: Int? }
        if let version = (try? SyncJSON.decode(Version.self, from: bytes))?.version, version != current {
            throw APIError(
                .badRequest, ErrorCode.unsupportedVersion, "\(what) version \(version) is not supported; send version \(current)")
        }
    }

    /// Where a body is wrong, from the one decoding-error mapping (`events[0].seq: expected a
    /// whole number`); a body that is not JSON at all says so.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        let diagnosis = DecodingDiagnosis(error)
        return String((diagnosis.field == DecodingDiagnosis.wholeFile ? diagnosis.reason : diagnosis.description).prefix(200))
    }
}

/// Batches being stored by this instance at once (bounded: more get 503 + Retry-After, so a
/// storm of uploads queues at the kiosks, not in this process's memory).
final class IngestGate: Sendable {
    private let count = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a place; false when all are taken.
    func enter() -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() { count.withLock { $0 -= 1 } }
}
