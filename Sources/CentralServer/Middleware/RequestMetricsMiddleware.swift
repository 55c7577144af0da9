public import Hummingbird

/// Counts every answered request and its duration by route template (the router's
/// `endpointPath`, never the raw path, which carries kiosk ids), method and status, as
/// Hummingbird's own `MetricsMiddleware` labels them, into the centre's registry.
public struct RequestMetricsMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let metrics: CentralMetrics

    public init(metrics: CentralMetrics) { self.metrics = metrics }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status, since: started)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        metrics.request(
            route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status.code,
            duration: ContinuousClock.now - started)
    }
}
