public import ESCPOS

/// An ESC/POS printer in memory: bytes in, rendered jobs (PNG + text) and status replies out.
///
/// What the kiosk prints to when no printer is attached, what tests print to, and what the TCP
/// emulator runs per connection. Any byte stream is accepted; what it cannot follow becomes a
/// diagnostic in the job.
///
/// ```swift
/// var printer = try VirtualPrinter(profile: profile)
/// let jobs = printer.process(encoded.bytes)      // one job per cut
/// try Data(jobs[0].pngData()).write(to: url)
/// ```
public struct VirtualPrinter: Sendable {
    /// What one `feed` produced.
    public struct Output: Sendable {
        /// Jobs completed by a cut (or by the end of the stream in `finish`).
        public var jobs: [RenderedJob] = []
        /// Bytes the printer sends back (`DLE EOT`, `GS r`, `GS I` answers), in order.
        public var replies: [UInt8] = []
    }

    /// The printer model emulated.
    public let profile: PrinterProfile
    /// Injected faults; `DLE EOT` answers follow them from the next query on.
    public var faults: PrinterFaults
    private var parser = ESCPOSParser()
    private var renderer: PaperRenderer
    /// Bytes of the job in progress, starting at stream offset `jobStart`.
    private var jobBytes: [UInt8] = []
    private var jobStart = 0
    private var nextJobNumber = 1

    /// - Parameter fontDirectory: where `DejaVuSansMono.ttf` and `-Bold.ttf` are.
    /// - Throws: `EmulatorError` `.fontUnavailable` when the fonts cannot be loaded.
    public init(
        profile: PrinterProfile, faults: PrinterFaults = [], fontDirectory: String = "/usr/share/fonts/truetype/dejavu"
    ) throws(EmulatorError) {
        self.profile = profile
        self.faults = faults
        renderer = PaperRenderer(profile: profile, rasterizer: try GlyphRasterizer.shared(fontDirectory: fontDirectory))
    }

    /// The status the printer reports now.
    public var status: PrinterStatus {
        faults.status(nearEndSensor: profile.status.nearEndSensor)
    }

    /// Prints `bytes`; with `endOfStream` (the default) whatever follows the last cut is a job too.
    public mutating func process(_ bytes: [UInt8], endOfStream: Bool = true) -> [RenderedJob] {
        var jobs = feed(bytes).jobs
        if endOfStream { jobs += finish().jobs }
        return jobs
    }

    /// Feeds bytes as they arrive (any chunking); commands cut short wait for the next call.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> Output {
        jobBytes.append(contentsOf: bytes)
        var output = Output()
        for event in parser.feed(bytes) {
            output.replies += reply(to: event.command)
            if let ending = renderer.apply(event) {
                output.jobs.append(makeJob(ending: ending, endOffset: event.offset + event.length))
            }
        }
        return output
    }

    /// Ends the stream: reports a truncated command and returns any unfinished job.
    public mutating func finish() -> Output {
        var output = Output()
        for event in parser.finish() {
            _ = renderer.apply(event)
        }
        if renderer.hasContent || !renderer.items.isEmpty {
            output.jobs.append(makeJob(ending: .endOfStream, endOffset: jobStart + jobBytes.count))
        } else {
            _ = renderer.takePage()
            jobStart += jobBytes.count
            jobBytes.removeAll()
        }
        return output
    }

    private mutating func makeJob(ending: RenderedJob.Ending, endOffset: Int) -> RenderedJob {
        let page = renderer.takePage()
        let count = min(jobBytes.count, max(0, endOffset - jobStart))
        let bytes = Array(jobBytes.prefix(count))
        jobBytes.removeFirst(count)
        jobStart += count
        let number = nextJobNumber
        nextJobNumber += 1
        let status = self.status
        var lines = ["# job \(number) · \(profile.vendor) \(profile.model) (\(profile.id)) · \(bytes.count) bytes · \(ending)"]
        if !status.canPrint { lines.append("# printed while the printer reported: \(status) (a real printer would hold this job)") }
        lines.append("")
        lines += page.transcript
        // Offsets count from the start of this job's bytes, as a technician reads its .bin file.
        let diagnostics = page.diagnostics.map { diagnostic in
            var rebased = diagnostic
            rebased.offset = max(0, diagnostic.offset - (jobStart - count))
            return rebased
        }
        if !diagnostics.isEmpty {
            lines.append("")
            lines.append("# diagnostics")
            lines += diagnostics.map { "! \($0)" }
        }
        return RenderedJob(
            number: number, profileID: profile.id, ending: ending, bytes: bytes, image: page.image,
            textLines: page.textLines, transcript: lines.joined(separator: "\n") + "\n",
            diagnostics: diagnostics, symbols: page.symbols, status: status)
    }

    /// The bytes a real printer would send back for a command.
    private func reply(to command: ParsedCommand) -> [UInt8] {
        switch command {
        case .realtimeStatus(let n):
            guard profile.status.dleEot, let query = StatusQuery(rawValue: n) else { return [] }
            return [status.reply(to: query)]
        case .transmitStatus(let n):
            guard n == 1 else { return n == 2 ? [0x00] : [] }
            let status = self.status
            return [(status.paperNearEnd ? 0x03 : 0) | (status.paperOut ? 0x0C : 0)]
        case .transmitPrinterID(let n):
            switch n {
            case 1, 49: return [0x20]
            case 2, 50: return [0x02]
            case 3, 51: return [0x40]
            case 65: return Array("_TURNERO-EMU 1.0".utf8) + [0]
            case 66: return Array("_\(profile.vendor)".utf8.prefix(40)) + [0]
            case 67: return Array("_\(profile.model)".utf8.prefix(40)) + [0]
            default: return []
            }
        default:
            return []
        }
    }
}
