import Hummingbird

/// Pages for one role only (managers): anyone else gets `403` and a page saying so.
struct RoleMiddleware: RouterMiddleware {
    typealias Context = CentralRequestContext
    let role: OperatorRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let session = try context.requireOperator()
        guard session.role == role else { return Page.forbidden(session).response(status: .forbidden) }
        return try await next(request, context)
    }
}
