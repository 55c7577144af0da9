public import ESCPOS
public import Foundation

/// The virtual printer on a TCP port (9100, "raw" printing), writing each job to a folder as
/// `NNNN.png`, `NNNN.txt` and `NNNN.bin`.
///
/// Runs on its own thread with blocking sockets, one connection at a time like a real printer;
/// `DLE EOT` is answered on the connection as it arrives.
///
/// ```swift
/// let server = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder))
/// try server.start()          // returns once listening; `server.port` is the bound port
/// server.faults = .paperOut   // later DLE EOT replies report it
/// server.stop()
/// ```
///
/// `@unchecked Sendable`: mutable state (`faults`, `state`, counters) is guarded by `lock`;
/// the virtual printer itself is only used on the server thread.
public final class EmulatorServer: @unchecked Sendable {
    /// Where to listen and what to emulate.
    public struct Configuration: Sendable {
        /// The printer model to emulate.
        public var profile: PrinterProfile
        /// Where `NNNN.png`, `.txt`, `.bin` go (created if missing).
        public var outputDirectory: URL
        /// An IPv4 address; the default only accepts local clients.
        public var host: String
        /// 0 picks a free port (tests).
        public var port: Int
        /// Faults reported from the start (change them later with `EmulatorServer.faults`).
        public var faults: PrinterFaults
        /// A connection silent this long is closed (its unfinished job is written).
        public var idleTimeout: Duration
        /// Where the DejaVu Sans Mono files are.
        public var fontDirectory: String
        /// Called on the server thread after a job's files are written.
        public var onJob: (@Sendable (SavedJob) -> Void)?
        /// Called on the server thread when a connection or file write fails.
        public var onError: (@Sendable (EmulatorError) -> Void)?

        /// A configuration; only the profile and the folder are required.
        public init(
            profile: PrinterProfile, outputDirectory: URL, host: String = "127.0.0.1", port: Int = 9100,
            faults: PrinterFaults = [], idleTimeout: Duration = .seconds(30),
            fontDirectory: String = "/usr/share/fonts/truetype/dejavu",
            onJob: (@Sendable (SavedJob) -> Void)? = nil, onError: (@Sendable (EmulatorError) -> Void)? = nil
        ) {
            self.profile = profile
            self.outputDirectory = outputDirectory
            self.host = host
            self.port = port
            self.faults = faults
            self.idleTimeout = idleTimeout
            self.fontDirectory = fontDirectory
            self.onJob = onJob
            self.onError = onError
        }
    }

    /// A job and the files it was written to.
    public struct SavedJob: Sendable {
        /// The rendered job.
        public var job: RenderedJob
        /// The paper picture.
        public var png: URL
        /// The transcript text.
        public var transcript: URL
        /// The job bytes as received.
        public var bytes: URL
    }

    private enum State { case idle, running, stopping, stopped }

    /// What the server was started with.
    public let configuration: Configuration
    private let lock = NSLock()
    private var state = State.idle
    private var currentFaults: PrinterFaults
    private var boundPort = 0
    private var written = 0
    private var received = 0
    private var printer: VirtualPrinter
    private var nextFileNumber = 1
    private let finished = DispatchSemaphore(value: 0)

    /// Checks the configuration, creates the output folder and loads the fonts.
    ///
    /// - Throws: `EmulatorError` for a bad port, an unwritable folder or missing fonts.
    public init(configuration: Configuration) throws(EmulatorError) {
        guard (0...65535).contains(configuration.port) else {
            throw EmulatorError(.invalidConfiguration, operation: "", message: "port \(configuration.port) is not 0–65535")
        }
        try configuration.faults.check(for: configuration.profile)
        self.configuration = configuration
        currentFaults = configuration.faults
        printer = try VirtualPrinter(
            profile: configuration.profile, faults: configuration.faults, fontDirectory: configuration.fontDirectory)
        do {
            try FileManager.default.createDirectory(at: configuration.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw EmulatorError(.io, operation: "mkdir", message: "\(configuration.outputDirectory.path): \(error.localizedDescription)")
        }
        nextFileNumber = Self.firstFreeNumber(in: configuration.outputDirectory)
    }

    deinit {
        stop()
    }

    /// The port the server listens on (after `start`).
    public var port: Int { lock.withLock { boundPort } }

    /// Jobs written since start.
    public var jobsWritten: Int { lock.withLock { written } }

    /// Bytes received from clients since start, status queries included.
    public var bytesReceived: Int { lock.withLock { received } }

    /// Faults reported from the next status query on.
    public var faults: PrinterFaults {
        get { lock.withLock { currentFaults } }
        set { lock.withLock { currentFaults = newValue } }
    }

    /// Binds, listens and starts the server thread; returns once clients can connect.
    ///
    /// - Throws: `EmulatorError` `.addressInUse` when another process has the port.
    public func start() throws(EmulatorError) {
        let canStart = lock.withLock { state == .idle }
        guard canStart else {
            throw EmulatorError(.invalidConfiguration, operation: "start", message: "the server was already started")
        }
        let listener = try Socket.listening(host: configuration.host, port: configuration.port)
        let port = try listener.localPort()
        lock.withLock {
            boundPort = port
            state = .running
        }
        let thread = Thread { [self] in
            run(listener)
            finished.signal()
        }
        thread.name = "turnero-printer-emulator"
        thread.start()
    }

    /// Stops accepting, finishes the connection in progress (its job is written) and waits for
    /// the thread to end. Safe to call more than once.
    public func stop() {
        let wasRunning = lock.withLock {
            let running = state == .running
            if running { state = .stopping } else if state == .idle { state = .stopped }
            return running
        }
        guard wasRunning else { return }
        finished.wait()
        lock.withLock { state = .stopped }
    }

    private var isRunning: Bool { lock.withLock { state == .running } }

    private func run(_ listener: Socket) {
        while isRunning {
            guard listener.waitReadable(milliseconds: 100) else { continue }
            do {
                let client = try listener.acceptConnection()
                serve(client)
            } catch {
                configuration.onError?(error)
            }
        }
    }

    /// Feeds one connection to the virtual printer until the peer closes, goes idle, or the
    /// server stops.
    private func serve(_ client: Socket) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var idle = Duration.zero
        let tick = Duration.milliseconds(100)
        readLoop: while isRunning {
            guard client.waitReadable(milliseconds: 100) else {
                idle += tick
                if idle >= configuration.idleTimeout { break }
                continue
            }
            idle = .zero
            do {
                guard let count = try client.readAvailable(into: &buffer) else { break readLoop }
                guard count > 0 else { continue }
                lock.withLock { received += count }
                printer.faults = faults
                let output = printer.feed(buffer[0..<count])
                if !output.replies.isEmpty { try client.writeAll(output.replies) }
                output.jobs.forEach(save)
            } catch {
                configuration.onError?(error)
                break readLoop
            }
        }
        printer.finish().jobs.forEach(save)
    }

    private func save(_ job: RenderedJob) {
        let number = String(nextFileNumber).leftPadded(4)
        nextFileNumber += 1
        let folder = configuration.outputDirectory
        let saved = SavedJob(
            job: job, png: folder.appendingPathComponent("\(number).png"),
            transcript: folder.appendingPathComponent("\(number).txt"), bytes: folder.appendingPathComponent("\(number).bin"))
        do {
            try Data(job.bytes).write(to: saved.bytes, options: .atomic)
            try Data(job.transcript.utf8).write(to: saved.transcript, options: .atomic)
            try Data(job.pngData()).write(to: saved.png, options: .atomic)
        } catch {
            configuration.onError?(EmulatorError(.io, operation: "write", message: "\(saved.png.path): \(error.localizedDescription)"))
            return
        }
        lock.withLock { written += 1 }
        configuration.onJob?(saved)
    }

    /// One past the highest `NNNN.*` already in the folder, so earlier sessions are kept.
    private static func firstFreeNumber(in folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let numbers = names.compactMap { Int($0.split(separator: ".").first ?? "") }
        return (numbers.max() ?? 0) + 1
    }
}
