public import Hummingbird
import Synchronization
import SyncProtocol
import TurneroCore

/// The requests this instance takes in total, forged ones included (a token bucket); past it,
/// `429` + `Retry-After` before any work. Per instance on purpose: it protects this process's
/// own CPU and memory, so N instances take N times as much. Limits that guard against a client
/// (kiosks, sign-ins, enrollment) are counted in the database (``WindowLimit``).
public final class GlobalLimitMiddleware: RouterMiddleware, Sendable {
    public typealias Context = CentralRequestContext
    private let bucket: Mutex<TokenBucket>

    public init(rate: Double, burst: Double) {
        // Full from the start: the first request at any later time finds the bucket full.
        bucket = Mutex(TokenBucket(rate: rate, burst: burst, now: -.infinity))
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let wait = bucket.withLock({ $0.take(at: context.now.timeIntervalSinceReferenceDate) }) {
            throw APIError(.tooManyRequests, ErrorCode.rateLimited, "the centre is busy; retry later", retryAfter: wait)
        }
        return try await next(request, context)
    }
}
