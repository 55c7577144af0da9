/// An HTTP request as the sync client sends it.
public struct SyncHTTPRequest: Sendable {
    public var method: String
    /// Path and query (what is signed).
    public var target: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers by lowercase name, body (already inflated).
public struct SyncHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How requests reach the centre: HTTP (``HTTPTransport``), or anything a test puts between.
public protocol SyncTransport: Sendable {
    /// Sends one request and returns the complete response, or throws when none arrived
    /// (connection refused, reset, timeout, truncated answer). A throw says nothing about
    /// whether the centre processed the request.
    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse
}
