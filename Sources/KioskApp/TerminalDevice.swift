#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TerminalFront

/// The controlling terminal in raw mode, restored on every way out.
///
/// Raw mode turns off echo, line buffering and the keys that raise signals (Ctrl-C, Ctrl-Z,
/// Ctrl-\\ arrive as plain bytes), so a customer can neither stop the program nor see a shell.
/// The original settings are kept in a global so that signal handlers and `atexit` can put
/// them back even when the program dies.
public final class TerminalDevice: @unchecked Sendable {  // immutable after init; fd writes are atomic enough
    public let input: Int32
    public let output: Int32

    public struct NotATerminal: Error, CustomStringConvertible {
        public var description: String { "standard input is not a terminal; run the kiosk on a tty or in a terminal emulator" }
    }

    public init(input: Int32 = 0, output: Int32 = 1) throws {
        guard isatty(input) == 1 else { throw NotATerminal() }
        self.input = input
        self.output = output
    }

    /// Switches to raw mode and the alternate screen, and arranges restoration on exit.
    public func takeOver() {
        var original = termios()
        tcgetattr(input, &original)
        TerminalRestore.save(original, fd: input, output: output)
        var raw = original
        raw.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
        raw.c_cflag &= ~tcflag_t(CSIZE | PARENB)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSAFLUSH, &raw)
        write(ANSIWriter.enter)
    }

    /// Puts the terminal back as it was.
    public func restore() {
        TerminalRestore.restore()
    }

    /// Columns and rows, or 80 × 24 when the terminal does not say.
    public func size() -> (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }

    /// Writes all of `text`, retrying on interruption.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        TerminalRestore.writeAll(output, &bytes)
    }
}

/// Process-wide terminal restoration, callable from signal handlers (async-signal-safe calls
/// only: `tcsetattr`, `write`, `_exit`).
enum TerminalRestore {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var fd: Int32 = -1
    nonisolated(unsafe) private static var output: Int32 = 1
    nonisolated(unsafe) private static var leaveBytes: [UInt8] = Array(ANSIWriter.leave.utf8)

    static func save(_ settings: termios, fd input: Int32, output out: Int32) {
        saved = settings
        fd = input
        output = out
        atexit { TerminalRestore.restore() }
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalRestore.restore()
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigaction(signal, &action, nil)
        }
    }

    static func restore() {
        guard fd >= 0 else { return }
        writeAll(output, &leaveBytes)
        tcsetattr(fd, TCSAFLUSH, &saved)
        fd = -1
    }

    static func writeAll(_ descriptor: Int32, _ bytes: inout [UInt8]) {
        var offset = 0
        let count = bytes.count
        bytes.withUnsafeBytes { buffer in
            while offset < count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
