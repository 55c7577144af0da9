import Hummingbird
import Logging
import SyncProtocol

/// A dashboard form must come from this site and carry the session's CSRF token: `POST`s are
/// refused (`403`, the "stale form" page) when the browser's `Origin` is another site or the
/// form's `csrf` field is not the session's. Behind ``OperatorSessionMiddleware`` and a body
/// limit; the handler decodes the same collected form.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = CentralRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let session = context.operatorSession else { return try await next(request, context) }
        let form = try await request.form(CSRFForm.self)
        guard request.isSameOrigin, let token = form.csrf, constantTimeEqual(token, session.csrfToken) else {
            logger.warning("form refused: CSRF check failed", metadata: ["operator": "\(session.operatorName)"])
            let page = Page(
                title: "Formulario vencido", body: "<h1>Formulario vencido</h1><p>Vuelva a cargar la página e intente de nuevo.</p>")
            return page.response(status: .forbidden)
        }
        return try await next(request, context)
    }

    /// The field every dashboard form carries.
    struct CSRFForm: Decodable {
        var csrf: String?
    }
}

/// Compares secrets in time independent of where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8), right = Array(b.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
