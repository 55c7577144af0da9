import Foundation
import Glibc

/// A misbehaving network printer on 127.0.0.1 for fault tests: each connection is handled by
/// a script that decides, byte by byte, what a broken printer does (answer status, stop
/// reading, reset the connection, …). Real sockets, so the client sees real errors.
public final class ScriptedPrinter: @unchecked Sendable {  // `received` guarded by `lock`
    /// What the printer does with the bytes of one connection.
    public enum Behaviour: Sendable {
        /// Answers every DLE EOT with these four bytes and swallows everything else.
        case answer(status: [UInt8])
        /// Answers status normally until `after` bytes of print data arrived, then answers
        /// `status` (e.g. cover opened during the job).
        case changeStatus(after: Int, to: [UInt8])
        /// Reads `after` bytes of print data, then resets the connection (RST).
        case reset(after: Int)
        /// Answers status, then stops reading and answering after `after` bytes of print data,
        /// for as long as the printer exists.
        case stall(after: Int)
        /// Stops reading and answering once `after` bytes of print data arrived, until the test
        /// calls `resume()`; then carries on as if nothing happened: the job prints late, whole,
        /// with its cut.
        case pause(after: Int)
    }

    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var printData: [[UInt8]] = []
    private var behaviours: [Behaviour]
    /// Opened by `resume()` (paused connections) and by `deinit` (stalled ones).
    private let resumed = Gate()
    private let closed = Gate()

    /// - Parameter behaviours: one per connection, in order; the last one repeats.
    public init(_ behaviours: [Behaviour]) throws {
        self.behaviours = behaviours
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [weak self] in self?.serve() }
        thread.start()
    }

    deinit {
        closed.open()
        resumed.open()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Ends the `.pause` of every connection: the printer reads and answers again.
    public func resume() { resumed.open() }

    /// Print data (status queries removed) received on each connection so far.
    public var jobs: [[UInt8]] { lock.withLock { printData } }

    private func serve() {
        var connection = 0
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let behaviour = lock.withLock { behaviours[min(connection, behaviours.count - 1)] }
            lock.withLock { printData.append([]) }
            let number = connection
            connection += 1
            Thread { self.handle(client, behaviour, number) }.start()
        }
    }

    private func handle(_ client: Int32, _ behaviour: Behaviour, _ connection: Int) {
        defer { close(client) }
        var pending: [UInt8] = []
        var data = 0
        var paused = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            pending += buffer[0..<count]
            // Split status queries (10 04 n) from print data.
            var replies: [UInt8] = []
            var index = 0
            while index < pending.count {
                if pending[index] == 0x10, index + 2 < pending.count, pending[index + 1] == 0x04 {
                    replies.append(reply(behaviour, data: data, query: pending[index + 2]))
                    index += 3
                } else if pending[index] == 0x10 && index + 2 >= pending.count {
                    break  // a query cut in two: wait for the rest
                } else {
                    data += 1
                    let byte = pending[index]
                    lock.withLock { printData[connection].append(byte) }
                    index += 1
                }
            }
            pending.removeFirst(index)
            switch behaviour {
            case .reset(let after) where data >= after:
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                return
            case .stall(let after) where data >= after:
                closed.wait()
                return
            case .pause(let after) where data >= after && !paused:
                paused = true
                resumed.wait()
            default:
                break
            }
            let replyBytes = replies.filter { $0 != 0 }
            // The kiosk may have hung up meanwhile: no SIGPIPE for the test process.
            if !replyBytes.isEmpty { _ = replyBytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        }
    }

    private func reply(_ behaviour: Behaviour, data: Int, query: UInt8) -> UInt8 {
        let normal: [UInt8] = [0x12, 0x12, 0x12, 0x12]
        let position = Int(max(1, min(4, query))) - 1
        switch behaviour {
        case .answer(let status): return status[position]
        case .changeStatus(let after, let status): return data >= after ? status[position] : normal[position]
        case .reset, .stall, .pause: return normal[position]
        }
    }
}

/// A one-way gate: threads wait until it is opened, once and for all.
final class Gate: @unchecked Sendable {  // `isOpen` guarded by `condition`
    private let condition = NSCondition()
    private var isOpen = false

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !isOpen { condition.wait() }
        condition.unlock()
    }
}
