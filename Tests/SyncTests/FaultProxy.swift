import Foundation
import Synchronization
import TurneroCore

/// A small fault-injecting TCP proxy on 127.0.0.1 for HTTP/1.1 with `Connection: close`
/// (one request per connection): each connection gets a fault from a seeded schedule.
///
/// Threads and blocking sockets on purpose: the proxy is test code and must stay obvious.
final class FaultProxy: Sendable {
    enum Fault: Sendable, Hashable, CustomStringConvertible {
        /// Forward both ways.
        case pass
        /// Reset the client's connection before forwarding anything (request lost).
        case dropRequest
        /// Forward the request, wait for the whole answer (the centre committed), drop it.
        case dropResponse
        /// Forward the request, send the client half of the answer, close.
        case truncateResponse
        /// Forward, but hold the answer back for this many milliseconds.
        case delay(Int)
        /// Forward the request, then reset the client's connection (RST) instead of answering.
        case reset

        var description: String {
            switch self {
            case .pass: "pass"
            case .dropRequest: "drop-request"
            case .dropResponse: "drop-response"
            case .truncateResponse: "truncate"
            case .delay(let ms): "delay \(ms) ms"
            case .reset: "reset"
            }
        }
    }

    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let schedule: @Sendable (Int) -> Fault
    private let stopped = Mutex(false)
    /// Faults applied, in connection order (for the test's log).
    let applied = Mutex<[Fault]>([])

    init(upstreamPort: Int, schedule: @escaping @Sendable (Int) -> Fault) throws {
        self.upstreamPort = upstreamPort
        self.schedule = schedule
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw InjectedFault(description: "proxy cannot listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting; the accept thread closes the listening socket as it leaves.
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        defer { close(listener) }
        var index = 0
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let fault = schedule(index)
            index += 1
            applied.withLock { $0.append(fault) }
            let thread = Thread { [self] in handle(client, fault) }
            thread.start()
        }
    }

    private func handle(_ client: Int32, _ fault: Fault) {
        Self.setTimeout(client, seconds: 10)
        if fault == .dropRequest {
            Self.resetAndClose(client)
            return
        }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(upstream)
            Self.resetAndClose(client)
            return
        }
        Self.setTimeout(upstream, seconds: 10)
        // Client → centre in its own thread; the answer is read here, whole, then faulted.
        let forwarded = DispatchSemaphore(value: 0)
        let forward = Thread {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = recv(client, &buffer, buffer.count, 0)
                guard count > 0, Self.sendAll(upstream, buffer[0..<count]) else { break }
            }
            shutdown(upstream, Int32(SHUT_WR))
            forwarded.signal()
        }
        forward.start()
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = recv(upstream, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer.append(contentsOf: buffer[0..<count])
        }
        // Wake the forwarding thread (a blocked recv keeps the socket alive past close) and wait
        // for it before closing anything: a descriptor it still uses could be reused by another
        // socket of this process (NIO's, say) the moment it is closed.
        shutdown(client, Int32(SHUT_RD))
        forwarded.wait()
        close(upstream)
        switch fault {
        case .pass, .dropRequest:
            _ = Self.sendAll(client, answer[...])
            close(client)
        case .delay(let milliseconds):
            // The fault itself: an answer held back like a slow link's (not a test waiting).
            usleep(useconds_t(milliseconds * 1000))
            _ = Self.sendAll(client, answer[...])
            close(client)
        case .dropResponse:
            close(client)
        case .truncateResponse:
            _ = Self.sendAll(client, answer[0..<(answer.count / 2)])
            close(client)
        case .reset:
            Self.resetAndClose(client)
        }
    }

    private static func sendAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func setTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Closes with SO_LINGER 0: the peer sees a reset, not an orderly end.
    private static func resetAndClose(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }
}
