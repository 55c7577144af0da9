import ESCPOS
import Foundation
import Glibc
import Logging
import PrinterTransport
import Printing
import TestSupport
import Testing

/// The device-file path (`/dev/usb/lp*`) against real kernel objects standing in for usblp:
/// a FIFO and a pseudo-terminal whose other side plays the printer.
@Suite("Printing to device files (FIFO, pseudo-terminal)", .serialized)
struct DeviceFileTransportTests {
    static let profile = PrintServiceTests.profile

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("turnero-\(name)-\(UUID().uuidString)").path
    }

    static func payload(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    @Test func everyByteReachesTheReaderOfAFIFOInOrder() async throws {
        let path = Self.temporaryPath("fifo")
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let bytes = Self.payload(200_000)
        let received = ReceivedBytes()
        let reader = Thread {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while received.count < bytes.count {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count <= 0 { return }
                received.append(buffer[0..<count])
            }
        }
        reader.start()
        let transport = DeviceFileTransport(path: path)
        try await transport.write(bytes, timeout: .seconds(10))
        await Waiting.until { received.count >= bytes.count }
        #expect(received.bytes == bytes)
        await transport.close()
    }

    /// The write returns with a timeout instead of blocking; the test's time limit is what a
    /// hang would hit (no wall-clock threshold: a loaded machine may be slow to run the queue).
    @Test(.timeLimit(.minutes(1))) func aWriteNobodyReadsTimesOutInsteadOfBlocking() async throws {
        let path = Self.temporaryPath("fifo")
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let transport = DeviceFileTransport(path: path)
        // Far more than the 64 KiB pipe buffer, and nobody reads: like usblp with no paper.
        let bytes = Self.payload(300_000)
        do {
            try await transport.write(bytes, timeout: .milliseconds(300))
            Issue.record("the write cannot complete without a reader")
        } catch {
            #expect(error.code == .timeout)
            #expect(error.message.contains("of 300000 bytes sent"), "\(error)")
            #expect(error.bytesSent < bytes.count)
        }
        await transport.close()
    }

    @Test func aMissingDeviceFileIsNotFound() async {
        let transport = DeviceFileTransport(path: Self.temporaryPath("no-such-lp"))
        do {
            try await transport.write([0x1B, 0x40], timeout: .seconds(1))
            Issue.record("there is no device")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func aPseudoTerminalPrinterAnswersStatusAndReceivesTheTicket() async throws {
        let terminal = try RawPseudoTerminal()
        let printer = TerminalPrinter(terminal: terminal, replies: [0x12, 0x12, 0x12, 0x1E])  // paper near end
        printer.start()
        defer { printer.stop() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let service = PrintService(transport: DeviceFileTransport(path: terminal.slavePath), profile: Self.profile, logger: logger)

        #expect(await service.condition() == .ready(nearEnd: true), "near end is a staff alert: the kiosk keeps printing")
        let reading = try #require(try await service.readStatus())
        #expect(reading.replies == [0x12, 0x12, 0x12, 0x1E] && reading.status.paperNearEnd)

        let ticket = TicketLayout().document(for: .sample, profile: Self.profile)
        let bytes = try ESCPOSEncoder(profile: Self.profile).encode(ticket).bytes
        try await service.print(ticket, job: nil)
        await Waiting.until { printer.received.bytes.containsSequence(bytes) }
        #expect(printer.received.bytes.containsSequence(bytes), "the ticket must arrive byte for byte")
        #expect(printer.queries >= 3, "status before, status after the job")
        await service.transport.close()
    }

    @Test(.timeLimit(.minutes(1))) func aPseudoTerminalNobodyReadsTimesOut() async throws {
        let terminal = try RawPseudoTerminal()
        let transport = DeviceFileTransport(path: terminal.slavePath)
        let bytes = Self.payload(1_000_000)
        do {
            try await transport.write(bytes, timeout: .milliseconds(300))
            Issue.record("nobody reads the other side")
        } catch {
            #expect(error.code == .timeout)
        }
        // Nothing was answered: a status read comes back empty, not stuck.
        #expect(try await transport.read(maximum: 4, timeout: .milliseconds(50)).isEmpty)
        await transport.close()
    }
}

/// Bytes collected by another thread.
final class ReceivedBytes: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: [UInt8] = []

    var bytes: [UInt8] { lock.withLock { stored } }
    var count: Int { lock.withLock { stored.count } }
    func append(_ more: ArraySlice<UInt8>) { lock.withLock { stored += more } }
}

/// A pseudo-terminal pair in raw mode (no echo, no newline translation): the slave is the
/// "device file", the master is the printer's side.
final class RawPseudoTerminal: @unchecked Sendable {  // descriptors are immutable after init
    let master: Int32
    let slavePath: String
    /// Keeps the slave side alive (and its raw settings) while the transport reopens it.
    private let slave: Int32

    init() throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0,
            ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0
        else { throw POSIXError(.EIO) }
        slavePath = "/dev/pts/\(number)"
        slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw POSIXError(.EIO) }
        var settings = termios()
        tcgetattr(slave, &settings)
        cfmakeraw(&settings)
        tcsetattr(slave, TCSANOW, &settings)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(slave)
        close(master)
    }
}

/// A printer on the master side of a pseudo-terminal: collects what it is sent and answers
/// each `DLE EOT 1–4` request with `replies`.
final class TerminalPrinter: @unchecked Sendable {  // `running` and `queries` guarded by `lock`
    let terminal: RawPseudoTerminal
    let replies: [UInt8]
    let received = ReceivedBytes()
    private let lock = NSLock()
    private var running = true
    private var answered = 0

    init(terminal: RawPseudoTerminal, replies: [UInt8]) {
        self.terminal = terminal
        self.replies = replies
    }

    var queries: Int { lock.withLock { answered } }

    func start() {
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            var scanned = 0
            while lock.withLock({ running }) {
                var descriptor = pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 20) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(terminal.master, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                received.append(buffer[0..<count])
                let all = received.bytes
                while let range = all[scanned...].firstRange(of: StatusQuery.allCommands) {
                    scanned = range.upperBound
                    _ = replies.withUnsafeBytes { write(terminal.master, $0.baseAddress, $0.count) }
                    lock.withLock { answered += 1 }
                }
            }
        }.start()
    }

    func stop() { lock.withLock { running = false } }
}

extension Array where Element == UInt8 {
    func containsSequence(_ other: [UInt8]) -> Bool { firstRange(of: other) != nil }
}
