import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a full-screen front sends its log lines, and anything else written to standard error,
/// so that nothing but its own screens ever reaches the customer's terminal.
///
/// Under `turnero-kiosk@.service` standard error already goes to the journal; under
/// `turnero-kiosk-cage.service` (cage → foot → turnero) and in a demo it is the very terminal
/// the customer looks at. Then descriptor 2 is pointed elsewhere before the screen is taken.
public enum LogDestination: Sendable, Hashable, CustomStringConvertible {
    /// Standard error is not a terminal (the journal, a pipe, a file): left alone.
    case standardError
    /// The systemd journal, through its stream socket (as `StandardError=journal` does).
    case journal(socket: String)
    /// A file, appended to (rotated once past `maximumFileSize`).
    case file(String)

    /// Beyond this a log file is renamed `.1` when the front starts.
    public static let maximumFileSize = 8 << 20
    /// journald's stream socket.
    public static let journalSocket = "/run/systemd/journal/stdout"

    /// Chooses the destination: `explicitFile` (`$TURNERO_LOG_FILE`) if given; standard error if
    /// it is not a terminal; the journal when running under systemd and it listens; otherwise
    /// `turnero.log` in the state directory.
    public static func choose(
        explicitFile: String?, stateDirectory: String, environment: [String: String], standardErrorIsTerminal: Bool,
        journalListening: Bool
    ) -> LogDestination {
        if let explicitFile, !explicitFile.isEmpty { return .file(explicitFile) }
        guard standardErrorIsTerminal else { return .standardError }
        let underSystemd = environment["INVOCATION_ID"] != nil || environment["JOURNAL_STREAM"] != nil
        if underSystemd, journalListening { return .journal(socket: journalSocket) }
        return .file((stateDirectory as NSString).appendingPathComponent("turnero.log"))
    }

    /// The destination for this process.
    public static func current(explicitFile: String?, stateDirectory: String) -> LogDestination {
        choose(
            explicitFile: explicitFile, stateDirectory: stateDirectory, environment: ProcessInfo.processInfo.environment,
            standardErrorIsTerminal: isatty(2) == 1, journalListening: FileManager.default.fileExists(atPath: journalSocket))
    }

    public var description: String {
        switch self {
        case .standardError: "standard error"
        case .journal: "the systemd journal (journalctl -t turnero)"
        case .file(let path): path
        }
    }

    /// A failure to open the destination; the caller falls back to the next one.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Points descriptor 2 at the destination (a no-op for `.standardError`).
    public func redirectStandardError() throws(Failure) {
        let descriptor: Int32
        switch self {
        case .standardError: return
        case .journal(let socket): descriptor = try Self.connectJournal(socket)
        case .file(let path): descriptor = try Self.openLog(path)
        }
        defer { close(descriptor) }
        fflush(nil)  // whatever stdio holds for the old destination goes there first
        guard dup2(descriptor, 2) >= 0 else { throw Failure(description: "dup2: \(String(cString: strerror(errno)))") }
    }

    /// Redirects to the first destination that works: this one, then the state file, then
    /// /dev/null. Returns the one used; never leaves standard error on the terminal.
    public func redirectStandardErrorOrFallBack(stateDirectory: String) -> LogDestination {
        var candidates = [self]
        let stateFile = LogDestination.file((stateDirectory as NSString).appendingPathComponent("turnero.log"))
        if self != stateFile, self != .standardError { candidates.append(stateFile) }
        candidates.append(.file("/dev/null"))
        for candidate in candidates {
            if (try? candidate.redirectStandardError()) != nil { return candidate }
        }
        return .file("/dev/null")
    }

    private static func openLog(_ path: String) throws(Failure) -> Int32 {
        if path != "/dev/null", let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > maximumFileSize
        {
            _ = rename(path, path + ".1")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    /// Connects to journald's stream socket and sends the stream header (identifier, unit,
    /// priority, level prefix, forwarding), as `sd_journal_stream_fd` does.
    private static func connectJournal(_ path: String) throws(Failure) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            close(descriptor)
            throw Failure(description: "\(path): socket path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "\(path): \(reason)")
        }
        shutdown(descriptor, Int32(SHUT_RD))
        let header = Array("turnero\n\n6\n1\n0\n0\n0\n".utf8)
        let written = header.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == header.count else {
            close(descriptor)
            throw Failure(description: "\(path): the journal did not take the stream header")
        }
        return descriptor
    }
}
