import Foundation
import SyncProtocol

/// A request as the API sees it, independent of the HTTP server (tests drive it directly).
public struct APIRequest: Sendable {
    public var method: String
    /// Path and query exactly as sent (what the signature covers).
    public var target: String
    /// Header values by lowercase name.
    public var headers: [String: String]
    /// The body as sent (possibly gzip).
    public var body: [UInt8]
    /// The peer's address, for logs.
    public var remoteAddress: String?

    public init(method: String, target: String, headers: [String: String], body: [UInt8], remoteAddress: String? = nil) {
        self.method = method
        self.target = target
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The path without the query.
    var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// The query's parameters (last value wins; no percent-decoding needed for ours).
    var query: [String: String] {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return [:] }
        var result: [String: String] = [:]
        for pair in parts[1].split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[String(keyValue[0])] = keyValue.count > 1 ? String(keyValue[1]) : ""
        }
        return result
    }
}

/// A response as the API produces it.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    static func json<T: Encodable>(_ status: Int, _ value: T, headers: [(String, String)] = []) -> APIResponse {
        let body = (try? SyncJSON.encode(value)) ?? Array(#"{"error":"unavailable","message":"encoding failed"}"#.utf8)
        return APIResponse(status: status, headers: [("content-type", SyncPaths.json)] + headers, body: body)
    }

    /// An error response with the centre's time.
    static func error(
        _ status: Int, _ code: String, _ message: String, now: Date, retryAfter: TimeInterval? = nil,
        acceptedThrough: Int64? = nil, archivedThrough: Int64? = nil, conflictSeq: Int64? = nil
    ) -> APIResponse {
        let body = ErrorBody(
            error: code, message: message, acceptedThrough: acceptedThrough, archivedThrough: archivedThrough,
            conflictSeq: conflictSeq, serverTime: now.milliseconds)
        let headers = retryAfter.map { [("retry-after", String(max(1, Int($0.rounded(.up)))))] } ?? []
        return json(status, body, headers: headers)
    }
}

/// A request refused before reaching its handler's work: the status and the error body.
struct Refusal: Error {
    var status: Int
    var code: String
    var message: String
    var retryAfter: TimeInterval?

    init(_ status: Int, _ code: String, _ message: String, retryAfter: TimeInterval? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }
}
