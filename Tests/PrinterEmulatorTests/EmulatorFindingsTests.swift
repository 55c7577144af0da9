import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport
import Testing

/// What other hosts' streams and technicians found in the virtual printer (issue 13,
/// findings 2 and 4).
@Suite("Virtual printer: power-on state, offsets, faults")
struct EmulatorFindingsTests {
    /// python-escpos: `charcode("CP858")` (ESC t 19) then `textln("Jamón ibérico")`.
    static let jamon: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, 19] + Array("Jam".utf8) + [0xA2] + Array("n ib".utf8) + [0x82] + Array("rico\n".utf8)

    @Test("another host's CP858 text prints with its accents on every profile, the default one included",
          arguments: Fixtures.profileIDs)
    func cp858FromAnotherHost(id: String) throws {
        let job = try Fixtures.render(Self.jamon, on: id)
        #expect(job.textLines == ["Jamón ibérico"], "\(id): \(job.transcript)")
        #expect(!job.transcript.contains("Kanji"))
    }

    @Test func kanjiModeSwitchesAreReportedAndESCAtEndsThem() throws {
        let bytes: [UInt8] = [0x1B, 0x40, 0x1C, 0x26, 0xA4, 0x6F, 0x0A, 0x1C, 0x2E] + Array("A\n".utf8)
            + [0x1C, 0x26, 0x1B, 0x40] + Array("B\n".utf8)
        let job = try Fixtures.render(bytes, on: "generic-80mm")
        #expect(job.textLines == ["\u{FFFD}", "A", "B"], "\(job.transcript)")
        let lines = job.transcript.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("Kanji mode on") }.count == 2, "\(job.transcript)")
        #expect(lines.contains { $0.contains("FS .: Kanji mode off") } && lines.contains { $0.contains("ESC @: Kanji mode off") })
    }

    @Test func diagnosticOffsetsCountFromTheStartOfEachJob() throws {
        var printer = try Fixtures.printer("epson-tm-t20iii")
        let first = Array("first job\n".utf8) + [0x1D, 0x56, 0x00]
        let second = Array("abc".utf8) + [0x1B, 0xFF] + Array("\n".utf8) + [0x1D, 0x56, 0x00]
        let jobs = printer.process(first + second)
        #expect(jobs.count == 2)
        #expect(jobs[1].diagnostics.map(\.offset) == [3], "\(jobs[1].diagnostics)")
        #expect(jobs[1].transcript.contains("@3 [unknownCommand]"))
    }

    @Test func aTruncatedRasterImageDoesNotShiftWhatFollowsBy4GB() throws {
        var printer = try Fixtures.printer("epson-tm-t20iii")
        // GS v 0 announcing 65535 × 65535 bytes, then the stream ends.
        let truncated = printer.process([0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00])
        #expect(truncated.count == 1 && truncated[0].diagnostics.allSatisfy { $0.offset <= 10 }, "\(truncated.map(\.diagnostics))")
        let next = printer.process(Array("ab".utf8) + [0x1B, 0xFF] + Array("\n".utf8))
        #expect(next.count == 1 && next[0].diagnostics.map(\.offset) == [2], "\(next.map(\.diagnostics))")
    }

    @Test func nearEndIsRefusedOnAModelWithoutTheSensor() throws {
        let without = try Fixtures.profile("generic-80mm")
        #expect(throws: EmulatorError.self) { try PrinterFaults.paperNearEnd.check(for: without) }
        do {
            try PrinterFaults.paperNearEnd.check(for: without)
        } catch {
            #expect(error.code == .invalidConfiguration && error.message.contains("no paper near-end sensor"))
        }
        let folder = try TempDirectory("near-end").url
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: EmulatorError.self) {
            _ = try EmulatorServer(configuration: .init(profile: without, outputDirectory: folder, port: 0, faults: .paperNearEnd))
        }
        let with = try Fixtures.profile("epson-tm-t88vi")
        try PrinterFaults.paperNearEnd.check(for: with)
        try PrinterFaults.paperOut.check(for: without)
    }
}
