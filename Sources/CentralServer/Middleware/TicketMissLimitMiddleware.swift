import Hummingbird
import SyncProtocol

/// Makes ticket tokens not enumerable: every `404` a client address gets from the ticket pages
/// counts (in the database, over every instance), and past the limit the address gets `429` +
/// `Retry-After` before any lookup. A customer who mistypes a link a few times is not affected;
/// a script trying random tokens is stopped after a handful (a token holds 128 random bits).
struct TicketMissLimitMiddleware: RouterMiddleware {
    typealias Context = CentralRequestContext
    let ledger: any RequestLedgerStorage
    let limit: WindowLimit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = "ticket-miss:\(context.client)"
        let misses = try await ledger.hits([key], since: limit.start(at: context.now))[key] ?? .none
        if let wait = limit.waitBefore(misses, now: context.now) {
            throw APIError(.tooManyRequests, ErrorCode.rateLimited, "too many unknown tickets; retry later", retryAfter: wait)
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            try await ledger.recordHits([key], at: context.now)
            throw error
        }
        if response.status == .notFound { try await ledger.recordHits([key], at: context.now) }
        return response
    }
}
