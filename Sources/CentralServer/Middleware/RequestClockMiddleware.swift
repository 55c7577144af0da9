public import Foundation
public import Hummingbird

/// Stamps the request with the centre's time from the injected clock, once: authentication,
/// limits, storage and the answer's `server_time` all use that one instant.
public struct RequestClockMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date) { self.clock = clock }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.now = clock()
        return try await next(request, context)
    }
}
