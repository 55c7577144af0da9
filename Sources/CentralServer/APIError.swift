public import Foundation
public import Hummingbird
import SyncProtocol

/// A refused request: its status, the `Error` body's code and message (docs/openapi.yaml), and
/// headers such as `Retry-After`. Thrown by middleware and handlers; Hummingbird's router turns
/// it into the response.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// ``SyncProtocol/ErrorCode``.
    public var code: String
    /// A sentence for technicians; never a secret.
    public var message: String
    public var headers: HTTPFields
    /// For `gap` and `seq_conflict`: the stream's marks; for `seq_conflict` the seq.
    public var acceptedThrough: Int64?
    public var archivedThrough: Int64?
    public var conflictSeq: Int64?

    /// - Parameter retryAfter: seconds for `Retry-After` (429 and 503), rounded up, at least 1.
    public init(
        _ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: TimeInterval? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        if let retryAfter { self.headers[.retryAfter] = String(max(1, Int(retryAfter.rounded(.up)))) }
    }

    /// 409 `gap`: resend from `acceptedThrough + 1`.
    static func gap(_ message: String, acceptedThrough: Int64, archivedThrough: Int64) -> APIError {
        var error = APIError(.conflict, ErrorCode.gap, message)
        error.acceptedThrough = acceptedThrough
        error.archivedThrough = archivedThrough
        return error
    }

    /// The `Error` body with the centre's time (a kiosk with a wrong clock corrects its offset).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let now = (context as? CentralRequestContext)?.now ?? Date()
        let body = ErrorBody(
            error: code, message: message, acceptedThrough: acceptedThrough, archivedThrough: archivedThrough,
            conflictSeq: conflictSeq, serverTime: now.milliseconds)
        return Response.json(status, body, headers: headers)
    }
}

extension Response {
    /// A JSON body (the sync wire format: snake_case keys) with `status`.
    static func json(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        let body = (try? SyncJSON.encode(value)) ?? Array(#"{"error":"unavailable","message":"encoding failed"}"#.utf8)
        var fields = headers
        fields[.contentType] = SyncPaths.json
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A body of bytes with a content type.
    static func bytes(_ status: HTTPResponse.Status, _ body: [UInt8], contentType: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `303 See Other` to `location`, never cached.
    static func seeOther(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        fields[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: fields)
    }
}
