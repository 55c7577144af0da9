public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SyncProtocol
import Synchronization

/// A minimal HTTP/1.1 client on SwiftNIO: one connection per request (`Connection: close`),
/// a deadline for the whole exchange, a cap on the response size, gzip responses inflated.
public struct HTTPTransport: SyncTransport {
    /// A transport failure: nothing (complete) came back.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let host: String
    public let port: Int
    /// Deadline for connect + request + response.
    public var timeout: TimeInterval
    /// Largest response accepted (datasets can be large).
    public var maxResponseBytes: Int

    /// - Parameter baseURL: `http://host:port` (TLS is terminated in front of the centre; see docs/sync.md).
    public init(baseURL: String, timeout: TimeInterval = 20, maxResponseBytes: Int = 64 << 20) throws(Failure) {
        guard let url = URL(string: baseURL), url.scheme == "http", let host = url.host, !host.isEmpty else {
            throw Failure(description: "the server URL must look like http://host:port")
        }
        self.host = host
        self.port = url.port ?? 80
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let milliseconds = Int64(max(0.05, timeout) * 1000)
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(min(milliseconds, 10_000)))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(description: "cannot connect to \(host):\(port) (\(error))")
        }
        // Closing the channel at the deadline ends the exchange below with an error.
        let raw = channel.channel
        let expired = DeadlineFlag()
        let deadline = raw.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
            expired.set()
            raw.close(promise: nil)
        }
        defer { deadline.cancel() }
        let response: SyncHTTPResponse
        do {
            response = try await exchange(request, on: channel)
        } catch {
            // The deadline closed the connection: say so, not what the closing broke.
            if expired.isSet { throw Failure(description: "no answer from \(host):\(port) within \(timeout) s") }
            if let failure = error as? Failure { throw failure }
            throw Failure(description: "no complete answer from \(host):\(port) (\(error))")
        }
        guard response.headers["content-encoding"]?.lowercased() == "gzip" else { return response }
        do {
            var inflated = response
            inflated.body = try Gzip.decompress(response.body, limit: maxResponseBytes)
            return inflated
        } catch {
            throw Failure(description: "the answer is not valid gzip")
        }
    }

    private func exchange(
        _ request: SyncHTTPRequest, on channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    ) async throws -> SyncHTTPResponse {
        let limit = maxResponseBytes
        let hostHeader = "\(host):\(port)"
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target)
            head.headers.add(name: "host", value: hostHeader)
            head.headers.add(name: "connection", value: "close")
            head.headers.add(name: "content-length", value: String(request.body.count))
            head.headers.add(name: "accept-encoding", value: "gzip")
            for (name, value) in request.headers { head.headers.add(name: name, value: value) }
            // One write: a fast answer (and close) must not race a separate write of the end.
            var parts: [HTTPClientRequestPart] = [.head(head)]
            if !request.body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: request.body)))) }
            parts.append(.end(nil))
            try await outbound.write(contentsOf: parts)

            var status: Int?
            var headers: [String: String] = [:]
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let responseHead):
                    status = Int(responseHead.status.code)
                    for (name, value) in responseHead.headers { headers[name.lowercased()] = value }
                case .body(var chunk):
                    guard body.readableBytes + chunk.readableBytes <= limit else {
                        throw Failure(description: "answer larger than \(limit) bytes")
                    }
                    body.writeBuffer(&chunk)
                case .end:
                    guard let status else { throw Failure(description: "answer without a status line") }
                    return SyncHTTPResponse(status: status, headers: headers, body: Array(buffer: body))
                }
            }
            throw Failure(description: "the connection closed before the answer was complete")
        }
    }
}

/// Set once by the request's deadline, read by the request.
private final class DeadlineFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
