public import Hummingbird
public import Logging
import SyncProtocol

/// The last word on failures: a refusal (``APIError``) is logged — at `warning` when it is an
/// authentication failure — and answered; anything else (storage busy past its timeout, a
/// database gone) is logged at `error` and answered `503` + `Retry-After`, never a bare 500.
/// Errors become responses here, inside ``RequestClockMiddleware``, so an error body's
/// `server_time` is the request's own instant. Logs carry the method, the start of the path, the claimed kiosk and the client's
/// address; never a body, a key or a signature.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let interrupted as BodyInterrupted {
            throw interrupted
        } catch let error as any HTTPResponseError {
            if let refusal = error as? APIError ?? (error as? SecurityHeadersMiddleware.SecuredError)?.base as? APIError {
                log(refusal, request, context)
            }
            if let plain = error as? HTTPError {
                // Hummingbird's own errors answered in the centre's `Error` body.
                return try APIError(plain.status, Self.code(for: plain.status), plain.body ?? "request refused", headers: plain.headers)
                    .response(from: request, context: context)
            }
            return try error.response(from: request, context: context)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path.prefix(80))", "error": "\(error)"])
            let unavailable = APIError(.serviceUnavailable, ErrorCode.unavailable, "storage unavailable; retry later", retryAfter: 5)
            return try unavailable.response(from: request, context: context)
        }
    }

    /// The `Error` code for a status Hummingbird itself answered.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: ErrorCode.badRequest
        case .unauthorized: ErrorCode.unauthorized
        case .forbidden: ErrorCode.forbidden
        case .notFound: ErrorCode.notFound
        case .methodNotAllowed: ErrorCode.methodNotAllowed
        case .contentTooLarge: ErrorCode.tooLarge
        case .unsupportedMediaType: ErrorCode.unsupportedMedia
        case .tooManyRequests: ErrorCode.rateLimited
        default: ErrorCode.unavailable
        }
    }

    private func log(_ refusal: APIError, _ request: Request, _ context: Context) {
        var metadata: Logger.Metadata = [
            "status": "\(refusal.status.code)", "reason": "\(refusal.code)", "method": "\(request.method.rawValue.prefix(10))",
            "path": "\(request.uri.path.prefix(80))", "remote": "\(context.client)",
        ]
        if let kiosk = request.headers.value(named: RequestSignature.Header.kiosk) {
            metadata["claimed_kiosk"] = "\(kiosk.prefix(64))"
        }
        if refusal.status == .unauthorized || refusal.status == .forbidden {
            logger.warning("request rejected", metadata: metadata)
        } else {
            logger.info("request refused", metadata: metadata)
        }
    }
}
