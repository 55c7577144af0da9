public import Foundation
public import Logging
import Synchronization
import SyncProtocol

/// The centre's `/v1/` API, independent of the HTTP server: routing, authentication, limits,
/// and the handlers. ``CentralServer`` puts it behind Hummingbird; tests may call it directly.
public final class CentralAPI: Sendable {
    public let storage: any CentralStorage
    public let configuration: CentralConfiguration
    let logger: Logger
    let clock: @Sendable () -> Date
    let authenticator: RequestAuthenticator
    let limiter: RateLimiter
    let validator: EventValidator
    /// Batches being stored now (bounded by `maxConcurrentIngests`).
    let ingesting = Mutex(0)
    /// Set when shutting down: `/v1/ready` and new work get 503.
    public let drain: DrainState
    /// Metrics for `GET /metrics`, when enabled.
    public let metrics: CentralMetrics?
    /// The operators' side: login, dashboard, call-backs, reports.
    let site: OperatorSite

    /// - Parameters:
    ///   - clock: the time source (tests move it to expire credentials).
    ///   - metrics: where request and ingest figures go (nil: none, and no `/metrics`).
    public init(
        storage: any CentralStorage, configuration: CentralConfiguration = .init(), logger: Logger,
        metrics: CentralMetrics? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.clock = clock
        site = OperatorSite(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
        authenticator = RequestAuthenticator(storage: storage, nonces: NonceCache(), window: configuration.signatureWindow)
        limiter = RateLimiter(
            rate: configuration.kioskRate, burst: configuration.kioskBurst, globalRate: configuration.globalRate,
            globalBurst: configuration.globalBurst)
        validator = EventValidator(maxPayloadBytes: configuration.maxPayloadBytes)
        drain = DrainState(window: configuration.drainWindow)
    }

    /// Stops taking new work (answers 503 + Retry-After) while in-flight requests finish.
    public func beginDraining() { drain.begin() }

    /// Answers one request. Never throws: every failure becomes a status and an error body.
    public func respond(to request: APIRequest) async -> APIResponse {
        let started = ContinuousClock.now
        let components = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let response = await answer(request, components: components)
        if let metrics {
            let elapsed = ContinuousClock.now - started
            metrics.request(
                route: Self.routeName(components), status: response.status,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return response
    }

    /// A fixed name per route for metrics (never the raw path, which carries kiosk ids).
    static func routeName(_ components: [String]) -> String {
        if components.count >= 2 && components[0] == "v1" {
            switch components[1] {
            case "kiosks": return components.count == 4 ? components[3] : "unknown"
            case "datasets": return "datasets"
            case "enroll", "health", "ready": return components[1]
            default: break
            }
        }
        return OperatorSite.handles(components) ? OperatorSite.routeName(components) : "unknown"
    }

    private func answer(_ request: APIRequest, components: [String]) async -> APIResponse {
        let now = clock()
        do {
            if let wait = limiter.admitGlobal(now: now) {
                throw Refusal(429, ErrorCode.rateLimited, "the centre is busy; retry later", retryAfter: wait)
            }
            var response = try await route(request, components: components, now: now)
            if response.body.count > 1024, request.headers["accept-encoding"]?.contains("gzip") == true,
                let compressed = try? Gzip.compress(response.body)
            {
                response.body = compressed
                response.headers.append(("content-encoding", "gzip"))
            }
            return response
        } catch let refusal as Refusal {
            log(refusal, request)
            return .error(refusal.status, refusal.code, refusal.message, now: now, retryAfter: refusal.retryAfter)
        } catch {
            // Storage failures: SQLite busy past its timeout is transient; anything else is logged.
            logger.error("request failed", metadata: ["path": "\(request.path.prefix(80))", "error": "\(error)"])
            return .error(503, ErrorCode.unavailable, "storage unavailable; retry later", now: now, retryAfter: 5)
        }
    }

    private func route(_ request: APIRequest, components: [String], now: Date) async throws -> APIResponse {
        switch (request.method, components) {
        case ("GET", ["v1", "health"]):
            return .json(200, ["status": "ok"])
        case ("GET", ["v1", "ready"]):
            return try await readiness(now: now)
        case ("POST", let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks" && parts[3] == "status":
            return try await status(request, kioskId: parts[2], now: now)
        case ("POST", let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks" && parts[3] == "contacts":
            return try await contacts(request, kioskId: parts[2], now: now)
        case ("POST", ["v1", "enroll"]):
            return try await enroll(request, now: now)
        case ("POST", let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks" && parts[3] == "events":
            return try await upload(request, kioskId: parts[2], now: now)
        case ("POST", let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks" && parts[3] == "key":
            return try await changeKey(request, kioskId: parts[2], now: now)
        case ("POST", let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks" && parts[3] == "gaps":
            return try await declareGap(request, kioskId: parts[2], now: now)
        case ("GET", let parts) where parts.count == 3 && parts[0] == "v1" && parts[1] == "datasets":
            return try await dataset(request, name: parts[2], now: now)
        case (_, ["v1", "health"]), (_, ["v1", "enroll"]), (_, ["v1", "ready"]):
            throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed")
        case (_, let parts) where parts.count == 4 && parts[0] == "v1" && parts[1] == "kiosks"
            && ["events", "status", "key", "gaps", "contacts"].contains(parts[3]):
            throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed")
        case (_, let parts) where parts.count == 3 && parts[0] == "v1" && parts[1] == "datasets":
            throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed")
        case (_, let parts) where OperatorSite.handles(parts):
            return try await site.respond(request, components: parts, now: now)
        default:
            throw Refusal(404, ErrorCode.notFound, "no such resource")
        }
    }

    /// The request body, inflated when sent with `Content-Encoding: gzip`.
    func body(of request: APIRequest) throws -> [UInt8] {
        guard request.body.count <= configuration.maxRequestBytes else {
            throw Refusal(413, ErrorCode.tooLarge, "body larger than \(configuration.maxRequestBytes) bytes")
        }
        if let type = request.headers["content-type"],
            !type.lowercased().hasPrefix("application/json")
        {
            throw Refusal(415, ErrorCode.unsupportedMedia, "bodies are application/json")
        }
        switch request.headers["content-encoding"]?.lowercased() {
        case nil, "identity":
            guard request.body.count <= configuration.maxInflatedBytes else {
                throw Refusal(413, ErrorCode.tooLarge, "body larger than \(configuration.maxInflatedBytes) bytes")
            }
            return request.body
        case "gzip":
            do {
                return try Gzip.decompress(request.body, limit: configuration.maxInflatedBytes)
            } catch {
                if error.isOverLimit {
                    throw Refusal(413, ErrorCode.tooLarge, "inflated body larger than \(configuration.maxInflatedBytes) bytes")
                }
                throw Refusal(400, ErrorCode.badRequest, "the body is not valid gzip")
            }
        default:
            throw Refusal(415, ErrorCode.unsupportedMedia, "content-encoding must be gzip or identity")
        }
    }

    /// Decodes a JSON body, or refuses with 400.
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do {
            return try SyncJSON.decode(type, from: bytes)
        } catch {
            throw Refusal(400, ErrorCode.badRequest, "the body is not a valid \(T.self) (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "at \(context.codingPath.map(\.stringValue).joined(separator: ".").prefix(80))"
        default: "not JSON"
        }
    }

    private func log(_ refusal: Refusal, _ request: APIRequest) {
        var metadata: Logger.Metadata = [
            "status": "\(refusal.status)", "reason": "\(refusal.code)", "method": "\(request.method.prefix(10))",
            "path": "\(request.path.prefix(80))",
        ]
        if let kiosk = request.headers[RequestSignature.Header.kiosk] { metadata["claimed_kiosk"] = "\(kiosk.prefix(64))" }
        if let remote = request.remoteAddress { metadata["remote"] = "\(remote)" }
        if refusal.status == 401 || refusal.status == 403 {
            logger.warning("request rejected", metadata: metadata)
        } else {
            logger.info("request refused", metadata: metadata)
        }
    }
}
