public import Hummingbird
import SyncProtocol

/// A limit per client address on a group of routes that anyone may call (enrollment, one-time
/// sign-in links, public pages): every request counts, in the database (so every instance
/// counts the same ones); past the limit `429` + `Retry-After` before any work.
public struct AddressLimitMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let ledger: any RequestLedgerStorage
    /// Names the limit's counts (`enroll`, `login-link`…).
    let name: String
    let limit: WindowLimit

    public init(ledger: any RequestLedgerStorage, name: String, limit: WindowLimit) {
        self.ledger = ledger
        self.name = name
        self.limit = limit
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let key = "\(name):\(context.client)"
        let hits = try await ledger.hits([key], since: limit.start(at: context.now))[key] ?? .none
        if let wait = limit.waitBefore(hits, now: context.now) {
            throw APIError(.tooManyRequests, ErrorCode.rateLimited, "too many attempts; retry later", retryAfter: wait)
        }
        try await ledger.recordHits([key], at: context.now)
        return try await next(request, context)
    }
}
