public import Foundation
public import Hummingbird
public import Logging
import NIOCore
import NIOEmbedded

/// The centre as a Hummingbird application: its services and its router. ``CentralServer``
/// serves it over HTTP(S); tests and benchmarks may drive the very same router in process.
///
/// The router, from the outside in: the request's clock, request metrics, the error answer,
/// the client's address (trusted proxies), the per-instance global limit, compression, the
/// 404/405 answer; then the kiosks' routes (``KioskAPI``), the operators' (``OperatorSite``) and
/// the customers' ticket pages (``MobileTicketSite``), each group with its own middleware.
///
/// Nothing a request depends on is kept in this process beyond caches derived from the
/// database (the live board): any number of instances on one PostgreSQL behave as one centre.
public final class CentralAPI: Sendable {
    public let storage: any CentralStorage
    public let configuration: CentralConfiguration
    /// Request and ingest figures for `GET /metrics` (nil: none, and `/metrics` answers 404).
    public let metrics: CentralMetrics?
    /// Set when shutting down: `/v1/ready` and new work get 503.
    public let drain: DrainState
    let logger: Logger
    let clock: @Sendable () -> Date
    let site: OperatorSite
    let signal: NoticeSignal
    /// Hummingbird's responder: the router with its middleware.
    public let responder: RouterResponder<CentralRequestContext>
    /// Every route with the statuses it may answer, as added to the router (the contract
    /// docs/openapi.yaml documents).
    public let routes: [CentralRoutes.Route]

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
        drain = DrainState(window: configuration.drainWindow)
        site = OperatorSite(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
        let signal = NoticeSignal()
        self.signal = signal
        let kiosks = KioskAPI(
            storage: storage, configuration: configuration, logger: logger, metrics: metrics, drain: drain, signal: signal)
        let tickets = MobileTicketSite(storage: storage, board: site.board, configuration: configuration, logger: logger, signal: signal)

        let router = Router(context: CentralRequestContext.self)
        let table = RouteTable()
        router.add(middleware: RequestClockMiddleware(clock: clock))
        if let metrics { router.add(middleware: RequestMetricsMiddleware(metrics: metrics)) }
        router.add(middleware: ErrorMiddleware(logger: logger))
        router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
        router.add(middleware: GlobalLimitMiddleware(rate: configuration.globalRate, burst: configuration.globalBurst))
        router.add(middleware: ResponseCompressionMiddleware())
        router.add(middleware: NotFoundMiddleware(table: table))
        let root = RouteRecorder(routerGroup: router.group(), prefix: "", table: table)
        kiosks.addRoutes(to: root)
        site.addRoutes(to: root)
        tickets.addRoutes(to: root)
        responder = router.buildResponder()
        routes = table.all
    }

    /// Notices long-polls waiting in this instance now (tests wait on it, not on a sleep).
    public var noticeWaiters: Int { signal.waiting }

    /// Stops taking new work (answers 503 + Retry-After) while in-flight requests finish.
    public func beginDraining() { drain.begin() }

    /// Answers one request in process, through the same router and middleware as HTTP (no
    /// socket): what tests and benchmarks use. Never throws: like the HTTP server, a failure
    /// is an answer.
    /// - Parameter peerAddress: the address the request seems to come from.
    public func respond(to request: Request, peerAddress: String? = nil) async -> Response {
        var context = CentralRequestContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: logger))
        context.peerAddress = peerAddress
        context.clientAddress = peerAddress
        do {
            return try await responder.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            return (try? error.response(from: request, context: context)) ?? Response(status: error.status)
        } catch {
            return Response(status: .internalServerError)
        }
    }
}
