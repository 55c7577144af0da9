import Hummingbird
import SyncProtocol

/// The dashboard needs a session: it sets ``CentralRequestContext/operatorSession``; without
/// one, a `GET` is sent to the sign-in form (which brings the operator back) and anything else
/// is refused with `403`.
struct OperatorSessionMiddleware: RouterMiddleware {
    typealias Context = CentralRequestContext
    let sessions: OperatorSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let session = try await sessions.session(of: request, now: context.now) else {
            guard request.method == .get else { throw APIError(.forbidden, ErrorCode.forbidden, "sign in first") }
            let target = request.head.path ?? "/dashboard"
            let next = target.hasPrefix("/dashboard") ? String(target.prefix(300)) : "/dashboard"
            return .seeOther( "/login?next=" + HTML.percentEncoded(next))
        }
        var context = context
        context.operatorSession = session
        return try await next(request, context)
    }
}
