public import Foundation
import Glibc

/// A real pseudo-terminal with a child process on its slave side, and a screen model fed from
/// the master side: tests drive programs exactly as a touch terminal would.
public final class PseudoTerminal: @unchecked Sendable {  // mutable state guarded by `lock`
    public let master: Int32
    public let slave: Int32
    public let process = Process()
    private let lock = NSLock()
    private var model: ScreenModel
    private var reader: Thread?
    /// Every byte the program wrote to the terminal (the first 8 MiB).
    private var raw: [UInt8] = []
    /// When the last bytes were sent (taps are paced after it).
    private var lastInput: ContinuousClock.Instant?

    public init(columns: Int = 80, rows: Int = 24) throws {
        // posix_openpt/grantpt/unlockpt/ptsname, by hand: the Glibc module does not export them.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0, ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0 else {
            throw POSIXError(.EIO)
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.EIO) }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        model = ScreenModel(columns: columns, rows: rows)
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
        close(slave)
    }

    /// Starts `executable` with the slave as its standard input, output and error.
    public func start(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Waits for output outside the lock, reads and feeds it inside: whoever holds the lock
        // and sees nothing unread knows the model has everything the program wrote.
        let thread = Thread { [master] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if descriptor.revents & Int16(POLLIN) == 0 { return }  // closed
                self.lock.lock()
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count > 0 {
                    self.model.feed(buffer[0..<count])
                    if self.raw.count < 8 << 20 { self.raw += buffer[0..<count] }
                }
                self.lock.unlock()
                if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { return }
            }
        }
        thread.start()
        reader = thread
    }

    /// Sends raw bytes as if typed or touched.
    public func send(_ bytes: [UInt8]) {
        lock.withLock { lastInput = .now }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 { offset += written } else if errno != EINTR && errno != EAGAIN { return }
        }
    }

    public func type(_ text: String) { send(Array(text.utf8)) }

    /// A finger tap at a 1-based cell: press and release in one write, as foot sends them.
    public func tap(column: Int, row: Int) {
        type("\u{1B}[<0;\(column);\(row)M\u{1B}[<0;\(column);\(row)m")
    }

    /// The screen as text.
    public var screen: String {
        lock.lock()
        defer { lock.unlock() }
        return model.text
    }

    /// Everything the program wrote to the terminal, escape sequences included: what a
    /// customer could have seen at any moment, not just the last screen.
    public var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: raw, as: UTF8.self)
    }

    /// Terminal modes the program left switched on (mouse reporting, alternate screen…).
    public var modes: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return model.privateModes
    }

    /// Waits until the screen contains `text`; returns false on timeout.
    @discardableResult
    public func wait(for text: String, timeout: TimeInterval = 10) -> Bool {
        waitUntil(timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    public func waitUntil(timeout: TimeInterval = 10, _ condition: (String) -> Bool) -> Bool {
        Waiting.blockingUntil(timeout: .milliseconds(Int64(timeout * 1000))) { condition(screen) }
    }

    /// Bytes sent to the program that it has not read yet.
    public var unreadInput: Int { unread(slave) }

    /// Waits until the program has read everything sent to it; false on timeout.
    @discardableResult
    public func waitUntilInputRead(timeout: TimeInterval = 10) -> Bool {
        Waiting.blockingUntil(timeout: .milliseconds(Int64(timeout * 1000))) { unreadInput == 0 || !process.isRunning }
    }

    /// The 1-based cell in the middle of the first on-screen occurrence of `text`.
    public func position(of text: String) -> (column: Int, row: Int)? {
        for (index, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: text) {
                let column = line.distance(from: line.startIndex, to: range.lowerBound) + text.count / 2 + 1
                return (column, index + 1)
            }
        }
        return nil
    }

    /// Taps the middle of `text` on screen; false when it is not shown.
    @discardableResult
    public func tap(on text: String) -> Bool {
        // A person does not tap again within the front's 0.4 s debounce: the tap waits until
        // that much time has passed since the last input (not a fixed pause).
        let since = lock.withLock { lastInput }
        if let since { Waiting.blockingUntil(timeout: .seconds(1)) { ContinuousClock.now - since >= .milliseconds(450) } }
        // The screen may still be arriving in pieces (a loaded machine): wait for the text.
        var cell: (column: Int, row: Int)?
        Waiting.blockingUntil(timeout: .seconds(30)) {
            cell = position(of: text).map { ($0.column, $0.row) }
            return cell != nil
        }
        guard let cell else { return false }
        tap(column: cell.column, row: cell.row)
        return true
    }

    /// The slave's termios flags now (after the program exits: were they restored?).
    public var isCanonicalWithEcho: Bool {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Waits for the child to exit; nil on timeout.
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        Waiting.blockingUntil(timeout: .milliseconds(Int64(timeout * 1000))) { !process.isRunning }
        guard !process.isRunning else { return nil }
        // What it wrote last (restoring the terminal) is on screen before anyone looks.
        Waiting.blockingUntil(timeout: .seconds(5)) { lock.withLock { unread(master) == 0 } }
        return process.terminationStatus
    }

    /// Bytes waiting to be read on `fd`.
    private func unread(_ fd: Int32) -> Int {
        var count: Int32 = 0
        _ = ioctl(fd, 0x541B /* FIONREAD */, &count)
        return Int(count)
    }
}
