#if !os(Linux)
    #error("Turnero runs on Linux only: its printer, terminal and file I/O use Glibc (see Package.swift).")
#endif

/// A byte pipe to a printer: USB (libusb), network (TCP 9100), device file (`/dev/usb/lp*`),
/// the in-process virtual printer, or memory (tests).
///
/// Every call has a timeout: a printer without paper may stop reading, and a write to it must
/// fail rather than hang the kiosk. Implementations do their blocking I/O off the cooperative
/// thread pool.
public protocol PrinterTransport: Sendable {
    /// Where the bytes go, for logs and technicians (`tcp://10.0.0.9:9100`, `/dev/usb/lp0`).
    var endpoint: String { get }
    /// Sends all of `bytes` or throws; a partial write throws `.timeout` or `.disconnected`.
    func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError)
    /// Reads what the printer sent, up to `maximum` bytes, waiting at most `timeout` for the
    /// first byte; returns `[]` when nothing came.
    func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8]
    /// Discards bytes the printer sent earlier (stale status replies).
    func drain() async
    /// Closes the connection; the next call reconnects.
    func close() async
    /// Signals that the printer's condition may have changed, for a printer that can say so
    /// by itself (the virtual printer's `FAULTS` file); nil when the only way to know is to ask
    /// (real printers answer `DLE EOT` but never speak first), so the watcher asks on a timer.
    func conditionChanges() -> AsyncStream<Void>?
}

/// A transport failure, with a code for programs and a message for technicians.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notFound, permissionDenied, busy, timeout, disconnected, io, unsupported
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// No such device, host or file.
        public static let notFound = Code(.notFound)
        /// The device exists but this user may not open it (udev rules, group `lp`).
        public static let permissionDenied = Code(.permissionDenied)
        /// Another process or driver holds the device (e.g. usblp, CUPS).
        public static let busy = Code(.busy)
        /// The printer did not accept or answer in time (out of paper, jammed, asleep).
        public static let timeout = Code(.timeout)
        /// The connection or device went away (unplugged, reset, power cycled).
        public static let disconnected = Code(.disconnected)
        public static let io = Code(.io)
        /// The transport cannot do this (e.g. read on a one-way port).
        public static let unsupported = Code(.unsupported)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var endpoint: String
    public var message: String
    /// Bytes of the failed write already handed over before it failed (0: none reached the
    /// printer). The rest of a job that broke off may still be printed by the printer.
    public var bytesSent: Int

    public init(_ code: Code, endpoint: String, _ message: String, bytesSent: Int = 0) {
        self.code = code
        self.endpoint = endpoint
        self.message = message
        self.bytesSent = bytesSent
    }

    public var description: String { "\(endpoint): \(message)" }
}

extension PrinterTransport {
    /// Nothing announces changes: the printer's condition is learnt by asking it.
    public func conditionChanges() -> AsyncStream<Void>? { nil }
}
