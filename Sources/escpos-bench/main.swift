// escpos-bench: time to compose and encode one queue ticket, and its size on the wire.
//
// Usage: escpos-bench [--devices DIR] [--iterations N] [--json]
// Run by kiosk-scripts/bench-escpos.sh (release build) next to python-escpos.

import ESCPOS
import Foundation
import PrinterEmulator

struct Options {
    var devices = ProcessInfo.processInfo.environment["TURNERO_DEVICES"] ?? "devices"
    var iterations = 200_000
    var json = false

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch argument {
            case "--devices": devices = try Self.require(value, argument); index += 1
            case "--iterations": iterations = Int(try Self.require(value, argument)) ?? iterations; index += 1
            case "--json": json = true
            default: throw BenchError(message: "unknown argument \(argument)")
            }
            index += 1
        }
    }

    static func require(_ value: String?, _ name: String) throws -> String {
        guard let value else { throw BenchError(message: "\(name) needs a value") }
        return value
    }
}

struct BenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// CPU time of the calling thread in seconds: unlike wall time, it does not count the time
/// the scheduler gave to other processes, so a busy build machine does not skew the figure.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Microseconds of thread CPU time per call: the best and the median of `rounds` rounds.
/// Interference from other work only ever adds time, so the best round is the steadiest
/// figure on a shared machine; the reference script reports the same pair.
func measure(iterations: Int, rounds: Int = 15, _ body: () throws -> Int) rethrows -> (best: Double, median: Double) {
    var sink = 0
    for _ in 0..<min(1000, iterations) { sink &+= try body() }  // warm-up: caches, allocator
    let perRound = max(1, iterations / rounds)
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = threadCPUSeconds()
        for _ in 0..<perRound { sink &+= try body() }
        samples.append((threadCPUSeconds() - start) / Double(perRound) * 1e6)
    }
    if sink == 42 { print("") }  // keep the work observable
    samples.sort()
    return (samples[0], samples[samples.count / 2])
}

/// The whole ticket as one picture: what a host without text or symbol commands would send.
func fullRasterBytes(_ ticket: EncodedDocument, profile: PrinterProfile) throws -> Int {
    var printer = try VirtualPrinter(profile: profile)
    guard let job = printer.process(ticket.bytes).first else { throw BenchError(message: "no page rendered") }
    let margin = (job.image.width - profile.paper.dotsPerLine) / 2
    var image = RasterImage(width: profile.paper.dotsPerLine, height: job.image.height)
    for y in 0..<job.image.height {
        for x in 0..<profile.paper.dotsPerLine where job.image[margin + x, y] { image[x, y] = true }
    }
    var raster = profile
    raster.symbols = PrinterProfile.NativeSymbols(code128: false, gs1_128: false, qr: false)
    let document = Document([.image(image, .left), .cut(.partial)])
    return try ESCPOSEncoder(profile: raster).encode(document).bytes.count
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let catalog = try ProfileCatalog.load(directory: URL(fileURLWithPath: options.devices))
    let native = try catalog.requireProfile(id: "epson-tm-t20iii")
    let rasterSymbols = try catalog.requireProfile(id: "generic-80mm")
    let layout = TicketLayout()
    let content = TicketContent.sample

    let nativeMicroseconds = try measure(iterations: options.iterations) { try layout.encode(content, profile: native).bytes.count }
    let rasterMicroseconds = try measure(iterations: options.iterations / 10) { try layout.encode(content, profile: rasterSymbols).bytes.count }
    let nativeTicket = try layout.encode(content, profile: native)
    let rasterTicket = try layout.encode(content, profile: rasterSymbols)
    let fullRaster = try fullRasterBytes(nativeTicket, profile: native)

    var printer = try VirtualPrinter(profile: native)
    let page = printer.process(nativeTicket.bytes).first
    let lengthMm = Double(page?.image.height ?? 0) / Double(native.paper.dpi) * 25.4

    func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    if options.json {
        let result: [String: Any] = [
            "nativeMicrosecondsPerTicket": rounded(nativeMicroseconds.best),
            "nativeMedianMicrosecondsPerTicket": rounded(nativeMicroseconds.median),
            "rasterSymbolsMicrosecondsPerTicket": rounded(rasterMicroseconds.best),
            "rasterSymbolsMedianMicrosecondsPerTicket": rounded(rasterMicroseconds.median),
            "nativeBytes": nativeTicket.bytes.count, "rasterSymbolsBytes": rasterTicket.bytes.count, "fullRasterBytes": fullRaster,
            "ticketLengthMm": (lengthMm * 10).rounded() / 10, "iterations": options.iterations,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    } else {
        print("Compose + encode one ticket (TicketLayout → ESCPOSEncoder), thread CPU time, best / median of 15 rounds:")
        print("  epson-tm-t20iii (text + native QR):  \(String(format: "%7.2f / %7.2f", nativeMicroseconds.best, nativeMicroseconds.median)) µs  \(nativeTicket.bytes.count) bytes")
        print("  generic-80mm (text + raster QR):     \(String(format: "%7.2f / %7.2f", rasterMicroseconds.best, rasterMicroseconds.median)) µs  \(rasterTicket.bytes.count) bytes")
        print("  whole ticket as one raster image:                      \(fullRaster) bytes")
        print("  ticket length on paper: \(String(format: "%.0f", lengthMm)) mm")
    }
} catch {
    FileHandle.standardError.write(Data("escpos-bench: \(error)\n".utf8))
    exit(1)
}
