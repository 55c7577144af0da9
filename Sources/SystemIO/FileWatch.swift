import Dispatch
import Glibc
import Synchronization

/// Wakes its owner when files in a directory change: inotify on Linux, so nothing polls.
///
/// What the kiosk waits on instead of timers: the SQLite write-ahead log another process
/// commits to (the board, the rating screen), the virtual printer's `FAULTS` file. The kernel
/// queues the events; a dispatch source (epoll) reads them, so no thread blocks and an idle
/// kiosk does not wake at all. Bursts are reported once per read of the queue.
///
/// The descriptor has one owner, this object: `cancel()` (or `deinit`) closes it.
public final class FileWatch: @unchecked Sendable {  // `source` is immutable; dispatch sources are thread-safe
    private let source: any DispatchSourceRead
    /// The directory watched, for logs.
    public let directory: String

    /// Starts watching `directory` for files whose name satisfies `matching` being created,
    /// written, moved in, moved away or deleted.
    ///
    /// - Parameter onChange: called on a private queue after each batch of matching events.
    /// - Throws: `FileWatchError` when inotify is unavailable or the directory cannot be watched.
    public init(
        directory: String, matching: @escaping @Sendable (String) -> Bool, onChange: @escaping @Sendable () -> Void
    ) throws(FileWatchError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw FileWatchError(.unavailable, path: directory, errno: errno, call: "inotify_init1") }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
            | UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            let number = errno
            close(fd)
            throw FileWatchError(number == ENOENT ? .notFound : .unavailable, path: directory, errno: number, call: "inotify_add_watch")
        }
        self.directory = directory
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "turnero.filewatch"))
        source.setEventHandler {
            if Self.drain(fd, matching: matching) { onChange() }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Stops watching and closes the descriptor (idempotent).
    public func cancel() {
        if !source.isCancelled { source.cancel() }
    }

    deinit { cancel() }

    /// Reads every queued event; true when one of them names a matching file.
    private static func drain(_ fd: Int32, matching: (String) -> Bool) -> Bool {
        var matched = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return matched }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then `len` bytes of
            // NUL-padded name.
            while offset + 16 <= count {
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if !matched, matching(String(decoding: nameBytes, as: UTF8.self)) { matched = true }
                offset += 16 + length
            }
        }
    }
}

extension FileWatch {
    /// Matching changes in `directory` as an async sequence; several changes before the
    /// consumer looks again are one element. Ends (and stops watching) when the consumer stops.
    public static func changes(
        in directory: String, matching: @escaping @Sendable (String) -> Bool
    ) throws(FileWatchError) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let watch = try FileWatch(directory: directory, matching: matching) { continuation.yield() }
        continuation.onTermination = { _ in watch.cancel() }
        return stream
    }
}

/// A directory that cannot be watched, with the C call and errno behind it.
public struct FileWatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case notFound, unavailable }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The directory does not exist.
        public static let notFound = Code(.notFound)
        /// inotify refused (no descriptors or watches left, permissions).
        public static let unavailable = Code(.unavailable)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var path: String
    /// The failing C call and its errno text.
    public var cause: String

    init(_ code: Code, path: String, errno number: Int32, call: String) {
        self.code = code
        self.path = path
        cause = "\(call): \(String(cString: strerror(number)))"
    }

    public var description: String { "cannot watch \(path): \(cause)" }
}
