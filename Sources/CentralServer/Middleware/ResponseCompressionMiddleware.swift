public import Hummingbird
import NIOCore
import SyncProtocol

/// Gzips answers over 1 KiB when the client accepts it (dataset snapshots, pages, reports):
/// kiosks on 3G links pay for every byte.
public struct ResponseCompressionMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let minimumBytes: Int

    public init(minimumBytes: Int = 1024) { self.minimumBytes = minimumBytes }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard request.headers[.acceptEncoding]?.lowercased().contains("gzip") == true, response.headers[.contentEncoding] == nil,
            let length = response.body.contentLength, length > minimumBytes
        else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let plain = collector.bytes
        guard let compressed = try? Gzip.compress(plain) else {
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: plain))
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: compressed))
        return response
    }
}

/// Collects a response body in memory (the centre's bodies are built in memory anyway).
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {  // written by one task, then read by it
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws { bytes += buffer.readableBytesView }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
