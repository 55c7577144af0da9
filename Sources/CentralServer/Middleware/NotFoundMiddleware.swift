public import Hummingbird
import SyncProtocol

/// What the router answers for a path or method it has no route for, in the centre's own
/// terms: `405` with `Allow` when the path is a route with other methods, else `404`; both
/// with the `Error` body (an HTML page under `/dashboard`, where a person reads it).
public struct NotFoundMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let table: RouteTable

    init(table: RouteTable) { self.table = table }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let path = request.uri.path
            let methods = table.methods(for: path)
            if !methods.isEmpty {
                throw APIError(.methodNotAllowed, ErrorCode.methodNotAllowed, "method not allowed", headers: [.allow: methods.joined(separator: ", ")])
            }
            if path == "/dashboard" || path.hasPrefix("/dashboard/") {
                return SecurityHeadersMiddleware.secure(Page.notFound.response(status: .notFound))
            }
            throw APIError(.notFound, ErrorCode.notFound, "no such resource")
        }
    }
}
