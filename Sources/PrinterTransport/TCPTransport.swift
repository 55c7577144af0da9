import Glibc
import SystemIO

/// A network printer on a raw TCP port (9100, "JetDirect").
///
/// One connection is kept open between jobs and re-opened after any failure; network printers
/// usually accept a single client at a time.
public final class TCPTransport: PrinterTransport, @unchecked Sendable {  // `fd` only touched on `io`'s queue
    public let host: String
    public let port: UInt16
    public let connectTimeout: Duration
    public var endpoint: String { "tcp://\(host):\(port)" }
    private let io: BlockingExecutor
    nonisolated(unsafe) private var fd: Int32 = -1

    public init(host: String, port: UInt16 = 9100, connectTimeout: Duration = .seconds(3)) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        io = BlockingExecutor(label: "turnero.tcp.\(host):\(port)")
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError) {
        try await io.run { () throws(TransportError) in
            let deadline = ContinuousClock.now + timeout
            let socket = try self.connected()
            do throws(TransportError) {
                try POSIX.writeAll(socket, bytes, deadline: deadline, endpoint: self.endpoint, isSocket: true)
            } catch {
                self.disconnect()
                throw error
            }
        }
    }

    public func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        try await io.run { () throws(TransportError) in
            let socket = try self.connected()
            do throws(TransportError) {
                return try POSIX.read(socket, maximum: maximum, deadline: .now + timeout, endpoint: self.endpoint)
            } catch {
                self.disconnect()
                throw error
            }
        }
    }

    public func drain() async {
        _ = try? await io.run { () throws(TransportError) in
            if self.fd >= 0 { POSIX.drain(self.fd) }
        }
    }

    public func close() async {
        _ = try? await io.run { () throws(TransportError) in self.disconnect() }
    }

    private func disconnect() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// The open socket, connecting first if needed.
    private func connected() throws(TransportError) -> Int32 {
        if fd >= 0 { return fd }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError(.notFound, endpoint: endpoint, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = TransportError(.notFound, endpoint: endpoint, "no address for \(host)")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard socket >= 0 else {
                lastError = POSIX.error(errno, endpoint: endpoint, operation: "socket")
                continue
            }
            do throws(TransportError) {
                try connect(socket, address.pointee)
                var one: Int32 = 1
                setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
                fd = socket
                return socket
            } catch {
                Glibc.close(socket)
                lastError = error
            }
        }
        throw lastError
    }

    private func connect(_ socket: Int32, _ address: addrinfo) throws(TransportError) {
        if Glibc.connect(socket, address.ai_addr, address.ai_addrlen) == 0 { return }
        guard errno == EINPROGRESS else { throw POSIX.error(errno, endpoint: endpoint, operation: "connect") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&descriptor, 1, POSIX.remaining(.now + connectTimeout))
        if ready == 0 {
            throw TransportError(.timeout, endpoint: endpoint, "no answer within \(connectTimeout); is the printer on and on the network?")
        }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket, SOL_SOCKET, SO_ERROR, &failure, &length)
        if ready < 0 || failure != 0 { throw POSIX.error(ready < 0 ? errno : failure, endpoint: endpoint, operation: "connect") }
    }
}
