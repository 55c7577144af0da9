import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport

/// Sample printers and documents the emulator tests share.
extension Fixtures {
    static func printer(_ id: String, faults: PrinterFaults = []) throws -> VirtualPrinter {
        try VirtualPrinter(profile: try profile(id), faults: faults)
    }

    /// The sample ticket encoded for a profile.
    static func ticket(_ id: String) throws -> EncodedDocument {
        try TicketLayout().encode(.sample, profile: try profile(id))
    }

    /// Renders bytes and returns the single job.
    static func render(_ bytes: [UInt8], on id: String) throws -> RenderedJob {
        var printer = try printer(id)
        let jobs = printer.process(bytes)
        guard jobs.count == 1, let job = jobs.first else {
            throw FixtureError(message: "expected one job, got \(jobs.count)")
        }
        return job
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

