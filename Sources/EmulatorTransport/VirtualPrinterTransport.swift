public import ESCPOS
public import Foundation
public import PrinterEmulator
public import PrinterTransport
import Synchronization
import SystemIO

/// The built-in virtual printer as a transport: tickets become PNG pictures and text
/// transcripts in a folder (`0001.png`, `0001.txt`, and `latest.png`), status queries are
/// answered like a real printer. What the kiosk prints to when no printer is attached.
///
/// Faults can be injected while it runs by writing their names (`paper-out`, `cover-open`,
/// `near-end`, `offline`) into `<folder>/FAULTS`; an empty or missing file means healthy. The
/// file is watched (inotify), so the kiosk hears of a fault at once without asking every few
/// seconds.
public final class VirtualPrinterTransport: PrinterTransport {
    public let directory: URL
    public var endpoint: String { "virtual:\(directory.path)" }
    private let state: Mutex<(printer: VirtualPrinter, replies: [UInt8], saved: Int)>

    /// - Throws: when the fonts the renderer needs are missing or the folder cannot be made.
    public init(profile: PrinterProfile, directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?
            .compactMap { Int($0.prefix(4)) }.max() ?? 0
        state = Mutex((try VirtualPrinter(profile: profile), [], existing))
    }

    /// Faults currently requested in `<folder>/FAULTS`.
    public var faults: PrinterFaults {
        let text = (try? String(contentsOf: directory.appendingPathComponent("FAULTS"), encoding: .utf8)) ?? ""
        var faults: PrinterFaults = []
        for name in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            if let fault = PrinterFaults(name: String(name)) { faults.insert(fault) }
        }
        return faults
    }

    public func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError) {
        let faults = self.faults
        if faults.contains(.offline) {
            throw TransportError(.timeout, endpoint: endpoint, "the virtual printer is offline")
        }
        let output: (jobs: [RenderedJob], first: Int) = state.withLock { current in
            current.printer.faults = faults
            var output = current.printer.feed(bytes)
            // One write is one job: a printer without a cutter (58 mm clones) ends it at the end
            // of its bytes, not at a cut that never comes.
            output.jobs += current.printer.finish().jobs
            current.replies += output.replies
            let first = current.saved + 1
            current.saved += output.jobs.count
            return (output.jobs, first)
        }
        // Nothing is reported printed that was not rendered and kept.
        for (offset, job) in output.jobs.enumerated() { try save(job, number: output.first + offset) }
    }

    public func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        state.withLock { current in
            let count = min(maximum, current.replies.count)
            let bytes = Array(current.replies.prefix(count))
            current.replies.removeFirst(count)
            return bytes
        }
    }

    public func drain() async {
        state.withLock { $0.replies.removeAll() }
    }

    public func close() async {}

    /// Wakes when `<folder>/FAULTS` is written, replaced or removed; nil (ask on a timer) when
    /// the folder cannot be watched.
    public func conditionChanges() -> AsyncStream<Void>? {
        try? FileWatch.changes(in: directory.path) { $0 == "FAULTS" }
    }

    private func save(_ job: RenderedJob, number: Int) throws(TransportError) {
        let name = String(format: "%04d", number)
        let png = Data(job.pngData())
        do {
            try png.write(to: directory.appendingPathComponent("\(name).png"), options: .atomic)
            try Data(job.transcript.utf8).write(to: directory.appendingPathComponent("\(name).txt"), options: .atomic)
            try png.write(to: directory.appendingPathComponent("latest.png"), options: .atomic)
        } catch {
            throw TransportError(
                .io, endpoint: endpoint, "the ticket picture \(name).png could not be written: \(error.localizedDescription)",
                bytesSent: 0)
        }
    }
}
