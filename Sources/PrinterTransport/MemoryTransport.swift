import Synchronization

/// A transport to a function: what tests and dry runs print to. The `respond` closure sees
/// every write and returns the bytes the "printer" answers, or throws to fail the write.
public final class MemoryTransport: PrinterTransport {
    public let endpoint: String
    private let state = Mutex<(written: [UInt8], pending: [UInt8])>(([], []))
    private let respond: @Sendable ([UInt8]) throws(TransportError) -> [UInt8]

    public init(endpoint: String = "memory", respond: @escaping @Sendable ([UInt8]) throws(TransportError) -> [UInt8] = { _ in [] }) {
        self.endpoint = endpoint
        self.respond = respond
    }

    /// Everything written so far.
    public var written: [UInt8] { state.withLock { $0.written } }

    public func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError) {
        let reply = try respond(bytes)
        state.withLock {
            $0.written += bytes
            $0.pending += reply
        }
    }

    public func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        state.withLock { buffers in
            let count = min(maximum, buffers.pending.count)
            let bytes = Array(buffers.pending.prefix(count))
            buffers.pending.removeFirst(count)
            return bytes
        }
    }

    public func drain() async {
        state.withLock { $0.pending.removeAll() }
    }

    public func close() async {}
}
