#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place the emulator calls the socket API: a negative result becomes an
/// `EmulatorError` naming the call and errno. Each descriptor is owned by one `Socket`,
/// which closes it in `deinit`.
final class Socket: Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    @discardableResult
    static func call(_ name: String, _ body: () -> Int32) throws(EmulatorError) -> Int32 {
        let result = body()
        guard result >= 0 else {
            let code = errno
            throw EmulatorError(
                code == EADDRINUSE ? .addressInUse : .socket, operation: name,
                message: String(cString: strerror(code)) + " (errno \(code))")
        }
        return result
    }

    /// A TCP socket listening on an IPv4 address (`port` 0 picks a free port).
    static func listening(host: String, port: Int) throws(EmulatorError) -> Socket {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numericHost, &address.sin_addr) == 1 else {
            throw EmulatorError(.invalidConfiguration, operation: "inet_pton", message: "'\(host)' is not an IPv4 address")
        }
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        let listener = Socket(descriptor: try call("socket") { socket(AF_INET, streamType, 0) })
        var yes: Int32 = 1
        try call("setsockopt(SO_REUSEADDR)") {
            setsockopt(listener.descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        try call("bind \(host):\(port)") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        try call("listen") { listen(listener.descriptor, 8) }
        return listener
    }

    /// The port actually bound.
    func localPort() throws(EmulatorError) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try Self.call("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits up to `milliseconds` for input; true when readable (or closed by the peer).
    func waitReadable(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let result = poll(&entry, 1, milliseconds)
        return result > 0
    }

    /// Accepts a pending connection.
    func acceptConnection() throws(EmulatorError) -> Socket {
        Socket(descriptor: try Self.call("accept") { accept(descriptor, nil, nil) })
    }

    /// Reads what is there: nil at end of stream.
    func readAvailable(into buffer: inout [UInt8]) throws(EmulatorError) -> Int? {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return nil }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return 0 }
            try Self.call("read") { -1 }
        }
        return count
    }

    /// Writes everything (replies are a few bytes); a closed peer is not an error worth more
    /// than ending the connection.
    func writeAll(_ bytes: [UInt8]) throws(EmulatorError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                #if canImport(Glibc)
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                #else
                send(descriptor, $0.baseAddress, $0.count, 0)
                #endif
            }
            if written < 0, errno == EINTR { continue }
            try Self.call("send") { written < 0 ? -1 : 0 }
            offset += written
        }
    }
}
