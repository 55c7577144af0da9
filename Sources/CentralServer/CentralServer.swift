import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
import SyncProtocol

/// The request context: the peer's address, for logs.
public struct CentralRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, if known.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Hummingbird's side of the centre: collects the body under the size limit and hands the
/// request to ``CentralAPI``.
struct CentralResponder: HTTPResponder {
    typealias Context = CentralRequestContext
    let api: CentralAPI

    func respond(to request: Request, context: CentralRequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1's Host arrives as the request's authority (the dashboard's origin check reads it).
        if let authority = request.head.authority { headers["host"] = authority }
        let limit = api.configuration.maxRequestBytes
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            let refusal = APIResponse.error(413, ErrorCode.tooLarge, "body larger than \(limit) bytes", now: Date())
            return Self.response(refusal, closing: true)
        }
        let apiRequest = APIRequest(
            method: request.method.rawValue, target: request.head.path ?? "/", headers: headers,
            body: Array(buffer: body), remoteAddress: context.remoteAddress)
        return Self.response(await api.respond(to: apiRequest), closing: false)
    }

    static func response(_ response: APIResponse, closing: Bool) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            // Names are this module's literals; append keeps repeated ones (Set-Cookie).
            guard let field = HTTPFields.Element.Name(name) else { continue }
            fields.append(HTTPFields.Element(name: field, value: value))
        }
        if closing { fields[.connection] = "close" }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// The central server: ``CentralAPI`` on Hummingbird, run as a ServiceLifecycle service.
public struct CentralServer: Sendable {
    public let api: CentralAPI
    public let host: String
    public let port: Int
    let logger: Logger

    /// - Parameter port: 0 picks a free port (see `onRunning`).
    public init(api: CentralAPI, host: String = "127.0.0.1", port: Int = 8080, logger: Logger) {
        self.api = api
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The Hummingbird application; `onRunning` receives the bound port.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            responder: CentralResponder(api: api),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "turnero-central"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGTERM/SIGINT (or cancellation): new batches get 503 while in-flight ones finish.
    /// - Parameter dependencies: services the server needs while it runs (a database pool);
    ///   they start first and stop last.
    public func run(
        dependencies: [any Service] = [], onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let application = makeApplication(onRunning: onRunning)
        let drain = DrainOnShutdown(api: api)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down in reverse order: draining starts first, then the HTTP server
                // stops accepting and waits for in-flight requests, then the dependencies.
                services: dependencies.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: application), .init(service: drain, successTerminationBehavior: .ignore),
                       .init(service: CallbackMaintenance(site: api.site, interval: .seconds(60), clock: api.clock),
                             successTerminationBehavior: .ignore)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Puts the API in draining mode when graceful shutdown starts.
struct DrainOnShutdown: Service {
    let api: CentralAPI

    func run() async throws {
        try? await gracefulShutdown()
        api.beginDraining()
    }
}
