import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport

/// Profiles and sample documents the emulator tests share.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let devices = repository.appendingPathComponent("devices")

    static let profileIDs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: devices.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static let catalog: ProfileCatalog =
        (try? ProfileCatalog.load(directory: devices)) ?? ProfileCatalog(profiles: [], directory: devices.path)

    static func profile(_ id: String) throws -> PrinterProfile {
        try catalog.requireProfile(id: id)
    }

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

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

