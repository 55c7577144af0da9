public import Hummingbird
import NIOCore
import SyncProtocol

/// Reads the request body into memory, at most `maxBytes` (a kiosk batch: 1 MiB compressed; a
/// form: 16 KiB). A longer body is refused with `413` and the connection is closed (the rest of
/// it is not read). Handlers and later middleware (the signature check) read the collected body.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let maxBytes: Int

    public init(maxBytes: Int) { self.maxBytes = maxBytes }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, ErrorCode.tooLarge, "body larger than \(maxBytes) bytes", headers: [.connection: "close"])
        } catch {
            throw BodyInterrupted(cause: error)
        }
        return try await next(request, context)
    }
}

/// The body stopped arriving (the client went away, or was cut at the body timeout): there is
/// no one to answer, so ``ErrorMiddleware`` lets Hummingbird close the connection.
struct BodyInterrupted: Error {
    var cause: any Error
}
