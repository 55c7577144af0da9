public import Hummingbird

/// The operators' pages' headers: never cached, never framed, no MIME sniffing, same-origin
/// referrers, and a content security policy that allows no script at all (the pages have none).
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext

    public init() {}

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return Self.secure(try await next(request, context))
        } catch let error as any HTTPResponseError {
            throw SecuredError(base: error)
        }
    }

    static func secure(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        return response
    }

    /// An error answered with the same headers.
    struct SecuredError: HTTPResponseError {
        let base: any HTTPResponseError
        var status: HTTPResponse.Status { base.status }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            SecurityHeadersMiddleware.secure(try base.response(from: request, context: context))
        }
    }
}
