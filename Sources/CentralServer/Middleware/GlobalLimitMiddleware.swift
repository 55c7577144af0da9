public import Hummingbird
import Synchronization
import SyncProtocol

/// The requests this instance takes in total, forged ones included (a token bucket); past it,
/// `429` + `Retry-After` before any work. Per instance by design (see ``TokenBucket``).
public final class GlobalLimitMiddleware: RouterMiddleware, Sendable {
    public typealias Context = CentralRequestContext
    private let bucket: Mutex<TokenBucket>

    public init(rate: Double, burst: Double) { bucket = Mutex(TokenBucket(rate: rate, burst: burst)) }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let wait = bucket.withLock({ $0.take(at: context.now) }) {
            throw APIError(.tooManyRequests, ErrorCode.rateLimited, "the centre is busy; retry later", retryAfter: wait)
        }
        return try await next(request, context)
    }
}
