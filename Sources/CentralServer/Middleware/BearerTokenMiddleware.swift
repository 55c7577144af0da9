public import Hummingbird
import SyncProtocol

/// One fixed bearer token for a route (the metrics scraper's, `serve --metrics-token-file`);
/// none configured: the route is open.
public struct BearerTokenMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let token: String?
    /// What the token is for, in the refusal.
    let what: String

    public init(token: String?, what: String) {
        self.token = token
        self.what = what
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let token {
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
                constantTimeEqual(String(header.dropFirst(7)), token)
            else { throw APIError(.unauthorized, ErrorCode.unauthorized, "\(what) need the bearer token") }
        }
        return try await next(request, context)
    }
}
