import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import NIOSSL
public import ServiceLifecycle

/// The central server: ``CentralAPI`` on Hummingbird, run as a ServiceLifecycle service, with
/// TLS when given a certificate, connection hygiene (``ConnectionPolicy``) and a graceful drain.
public struct CentralServer: Sendable {
    public let api: CentralAPI
    public let host: String
    public let port: Int
    /// Read deadlines and the connection cap.
    public let connections: ConnectionPolicy
    /// Terminates TLS itself when set (else plain HTTP, e.g. behind a reverse proxy).
    public let tls: TLSConfiguration?
    let logger: Logger
    let registry: ConnectionRegistry

    /// - Parameter port: 0 picks a free port (see `onRunning`).
    public init(
        api: CentralAPI, host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionPolicy = ConnectionPolicy(),
        tls: TLSConfiguration? = nil, logger: Logger
    ) {
        self.api = api
        self.host = host
        self.port = port
        self.connections = connections
        self.tls = tls
        self.logger = logger
        registry = ConnectionRegistry(maxConnections: connections.maxConnections)
    }

    /// The Hummingbird application; `onRunning` receives the bound port.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let (registry, connections, logger, metrics) = (registry, connections, logger, api.metrics)
        let http = HTTPServerBuilder.http1(configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ConnectionGuardHandler(registry: registry, policy: connections, logger: logger) { metrics?.connectionShed($0) }
            ]))
        return Application(
            responder: api.responder,
            server: try tls.map { try HTTPServerBuilder.tls(http, tlsConfiguration: $0) } ?? http,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "turnero-central"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGTERM/SIGINT (or cancellation), then drains: `/v1/ready` and new work get
    /// 503 for the drain window while connections are still accepted; then the server stops
    /// accepting, idle connections close, requests in flight finish (a stalled body is cut at
    /// the body timeout); whatever is left after that is closed. The exit is bounded by
    /// window + body timeout + a few seconds.
    /// - Parameter dependencies: services the server needs while it runs (a database pool);
    ///   they start first and stop last.
    public func run(
        dependencies: [any Service] = [], onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let application = try makeApplication(onRunning: onRunning)
        let drain = DrainOnShutdown(api: api, registry: registry, bodyTimeout: connections.bodyTimeout, logger: logger)
        var configuration = ServiceGroupConfiguration(
            // Shut down in reverse order: the drain window first, then the HTTP server stops
            // accepting and finishes what is in flight, then the dependencies.
            services: dependencies.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                + [.init(service: application), .init(service: drain, successTerminationBehavior: .ignore),
                   .init(service: Housekeeping(api: api, interval: .seconds(60)), successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = api.drain.window + connections.bodyTimeout + .seconds(5)
        configuration.maximumCancellationDuration = .seconds(3)
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// On graceful shutdown: drains for the window, then lets the server stop, and closes whatever
/// connection is still open once the body timeout has passed.
struct DrainOnShutdown: Service {
    let api: CentralAPI
    let registry: ConnectionRegistry
    let bodyTimeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        api.beginDraining()
        logger.notice("draining: /v1/ready answers 503, new work 503 + Retry-After", metadata: [
            "window_s": "\(api.drain.retryAfter)", "connections": "\(registry.count)",
        ])
        try? await Task.sleep(for: api.drain.window)
        let (registry, bodyTimeout, logger) = (registry, bodyTimeout, logger)
        Task.detached {
            try? await Task.sleep(for: bodyTimeout + .seconds(1))
            let left = registry.count
            if left > 0 { logger.warning("closing connections still open after the body timeout", metadata: ["connections": "\(left)"]) }
            registry.closeAll()
        }
    }
}
