public import HTTPTypes
import Hummingbird
import NIOCore

/// A request for ``CentralAPI/respond(to:)-(APIRequest)``: one HTTP exchange without a socket.
public struct APIRequest: Sendable {
    public var method: String
    /// Path and query exactly as sent (what a kiosk's signature covers).
    public var target: String
    /// Header fields; `Host` becomes the request's authority, as HTTP/1 does.
    public var headers: [(String, String)]
    /// The body as sent (possibly gzip).
    public var body: [UInt8]
    /// The peer's address.
    public var remoteAddress: String?

    public init(method: String, target: String, headers: [String: String], body: [UInt8], remoteAddress: String? = nil) {
        self.method = method
        self.target = target
        self.headers = headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

/// The answer to an ``APIRequest``, its body collected.
public struct APIResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: [UInt8]
}

extension CentralAPI {
    /// Answers one request in process through the router and every middleware (tests,
    /// benchmarks, the model test's centre).
    public func respond(to request: APIRequest) async -> APIResponse {
        guard let method = HTTPRequest.Method(request.method) else {
            return APIResponse(status: .badRequest, headers: [:], body: [])
        }
        var fields = HTTPFields()
        var authority: String?
        for (name, value) in request.headers {
            if name.lowercased() == "host" { authority = value; continue }
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: authority, path: request.target, headerFields: fields)
        let response = await respond(
            to: Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: request.body))), peerAddress: request.remoteAddress)
        let collector = BodyCollector()
        do {
            try await response.body.write(collector)
        } catch {
            return APIResponse(status: .internalServerError, headers: [:], body: [])
        }
        return APIResponse(status: response.status, headers: response.headers, body: collector.bytes)
    }
}
