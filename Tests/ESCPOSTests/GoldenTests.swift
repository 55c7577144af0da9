import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport
import Testing

/// The sample ticket's bytes per profile, checked against `Golden/<id>.bin`.
///
/// A change in the encoder or a profile shows up here; re-record deliberately with
/// `TURNERO_RECORD_GOLDEN=1 swift test --filter GoldenTests` and review the diff of
/// `Golden/<id>.txt` (a disassembly, one command per line) before committing.
@Suite("Golden ticket bytes per profile")
struct GoldenTests {
    static let recording = ProcessInfo.processInfo.environment["TURNERO_RECORD_GOLDEN"] == "1"

    @Test("ticket bytes match the golden file", arguments: Fixtures.profileIDs)
    func ticketMatchesGolden(id: String) throws {
        let profile = try Fixtures.profile(id)
        let encoded = try TicketLayout().encode(Fixtures.ticket, profile: profile)
        let listing = ParsedCommand.listing(of: encoded.bytes)
        let binary = Fixtures.golden.appendingPathComponent("\(id).ticket.bin")
        let text = Fixtures.golden.appendingPathComponent("\(id).ticket.txt")
        if Self.recording {
            try FileManager.default.createDirectory(at: Fixtures.golden, withIntermediateDirectories: true)
            try Data(encoded.bytes).write(to: binary)
            try Data(listing.utf8).write(to: text)
            return
        }
        guard let expected = FileManager.default.contents(atPath: binary.path) else {
            Issue.record("no golden file \(binary.lastPathComponent): record it with TURNERO_RECORD_GOLDEN=1")
            return
        }
        let expectedListing = String(decoding: FileManager.default.contents(atPath: text.path) ?? Data(), as: UTF8.self)
        if Array(expected) != encoded.bytes {
            let firstDifference = zip(Array(expected), encoded.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(expected.count, encoded.bytes.count)
            let differingLine = zip(expectedListing.split(separator: "\n"), listing.split(separator: "\n"))
                .first { $0.0 != $0.1 }.map { "golden: \($0.0)\nnow:    \($0.1)" } ?? "(listings agree; bytes differ)"
            Issue.record(
                "\(id): \(encoded.bytes.count) bytes vs golden \(expected.count), first difference at byte \(firstDifference)\n\(differingLine)")
        }
        #expect(listing == expectedListing, "the .txt listing is stale: re-record both files together")
    }

    @Test("every native-text ticket stays within 1.5 KB on the wire")
    func ticketSize() throws {
        for profile in Fixtures.catalog.profiles where profile.symbols.qr {
            let encoded = try TicketLayout().encode(Fixtures.ticket, profile: profile)
            #expect(encoded.bytes.count <= 1536, "\(profile.id): \(encoded.bytes.count) bytes")
        }
    }
}
