public import Hummingbird
import SyncProtocol

/// Once shutdown began (``DrainState``), new kiosk work is refused with `503` + `Retry-After`
/// while requests already in flight finish; a load balancer has stopped sending by then
/// (`/v1/ready` answers 503), and the kiosk retries, reaching another instance or this one restarted.
public struct DrainMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let drain: DrainState

    public init(drain: DrainState) { self.drain = drain }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if drain.isDraining {
            throw APIError(
                .serviceUnavailable, ErrorCode.unavailable, "the centre is shutting down; retry shortly", retryAfter: drain.retryAfter)
        }
        return try await next(request, context)
    }
}
