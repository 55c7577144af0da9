import Glibc

/// The one place POSIX I/O errors become `TransportError`s.
enum POSIX {
    static func error(_ number: Int32, endpoint: String, operation: String) -> TransportError {
        let text = String(cString: strerror(number))
        switch number {
        case ENOENT, ENXIO, ENODEV, EHOSTUNREACH, ENETUNREACH:
            return TransportError(.notFound, endpoint: endpoint, "\(operation): \(text)")
        case EACCES, EPERM:
            return TransportError(.permissionDenied, endpoint: endpoint, "\(operation): \(text)")
        case EBUSY:
            return TransportError(.busy, endpoint: endpoint, "\(operation): \(text)")
        case ETIMEDOUT:
            return TransportError(.timeout, endpoint: endpoint, "\(operation): \(text)")
        case ECONNREFUSED:
            return TransportError(.notFound, endpoint: endpoint, "\(operation): connection refused")
        case EPIPE, ECONNRESET, ENOTCONN, ESHUTDOWN, ENODATA:
            return TransportError(.disconnected, endpoint: endpoint, "\(operation): \(text)")
        default:
            return TransportError(.io, endpoint: endpoint, "\(operation): \(text) (errno \(number))")
        }
    }

    /// Milliseconds left until `deadline`, at least 0.
    static func remaining(_ deadline: ContinuousClock.Instant) -> Int32 {
        let left = deadline - .now
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }

    /// Writes all bytes to a non-blocking descriptor, waiting for writability until `deadline`.
    static func writeAll(
        _ fd: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant, endpoint: String, isSocket: Bool
    ) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, remaining(deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                throw sent(error(errno, endpoint: endpoint, operation: "poll"), offset)
            }
            if ready == 0 {
                throw TransportError(
                    .timeout, endpoint: endpoint,
                    "the printer stopped accepting data (\(offset) of \(bytes.count) bytes sent); is it out of paper or jammed?",
                    bytesSent: offset)
            }
            if descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 && descriptor.revents & Int16(POLLOUT) == 0 {
                throw TransportError(
                    .disconnected, endpoint: endpoint, "the printer went away after \(offset) of \(bytes.count) bytes", bytesSent: offset)
            }
            let written = bytes.withUnsafeBytes { buffer in
                isSocket
                    ? Glibc.send(fd, buffer.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                    : Glibc.write(fd, buffer.baseAddress! + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                continue
            } else {
                throw sent(error(written < 0 ? errno : EPIPE, endpoint: endpoint, operation: "write"), offset)
            }
        }
    }

    private static func sent(_ error: TransportError, _ count: Int) -> TransportError {
        var error = error
        error.bytesSent = count
        return error
    }

    /// Reads up to `maximum` bytes, waiting until `deadline` for the first; `[]` on timeout.
    static func read(
        _ fd: Int32, maximum: Int, deadline: ContinuousClock.Instant, endpoint: String
    ) throws(TransportError) -> [UInt8] {
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remaining(deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                throw error(errno, endpoint: endpoint, operation: "poll")
            }
            if ready == 0 { return [] }
            var buffer = [UInt8](repeating: 0, count: maximum)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, maximum) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 { throw TransportError(.disconnected, endpoint: endpoint, "the printer closed the connection") }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
            throw error(errno, endpoint: endpoint, operation: "read")
        }
    }

    /// Reads and discards whatever is already waiting.
    static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 else { return }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 256) }
            if count <= 0 { return }
        }
    }
}
