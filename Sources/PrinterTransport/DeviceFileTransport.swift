import Glibc
import SystemIO

/// A printer behind a character device, usually the kernel's usblp driver (`/dev/usb/lp0`),
/// or a serial port. Opened non-blocking: a usblp write to a printer without paper otherwise
/// blocks forever.
public final class DeviceFileTransport: PrinterTransport, @unchecked Sendable {  // `fd` only touched on `io`'s queue
    public let path: String
    public var endpoint: String { path }
    private let io: BlockingExecutor
    nonisolated(unsafe) private var fd: Int32 = -1
    nonisolated(unsafe) private var readable = true

    public init(path: String) {
        self.path = path
        io = BlockingExecutor(label: "turnero.device.\(path)")
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError) {
        try await io.run { () throws(TransportError) in
            let device = try self.opened()
            do throws(TransportError) {
                try POSIX.writeAll(device, bytes, deadline: .now + timeout, endpoint: self.path, isSocket: false)
            } catch {
                self.reset()
                throw error
            }
        }
    }

    public func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        try await io.run { () throws(TransportError) in
            let device = try self.opened()
            guard self.readable else {
                throw TransportError(.unsupported, endpoint: self.path, "the device is open write-only; status cannot be read")
            }
            do throws(TransportError) {
                return try POSIX.read(device, maximum: maximum, deadline: .now + timeout, endpoint: self.path)
            } catch {
                if error.code != .timeout { self.reset() }
                throw error
            }
        }
    }

    public func drain() async {
        _ = try? await io.run { () throws(TransportError) in
            if self.fd >= 0 && self.readable { POSIX.drain(self.fd) }
        }
    }

    public func close() async {
        _ = try? await io.run { () throws(TransportError) in self.reset() }
    }

    private func reset() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    private func opened() throws(TransportError) -> Int32 {
        if fd >= 0 { return fd }
        var device = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        readable = true
        if device < 0 && (errno == EACCES || errno == EINVAL) {
            device = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            readable = false
        }
        guard device >= 0 else { throw POSIX.error(errno, endpoint: path, operation: "open") }
        fd = device
        return device
    }
}
