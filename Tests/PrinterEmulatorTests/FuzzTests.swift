import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport
import Testing
import TurneroCore

/// Seeded random input: reproducible in CI, and every failure names its seed.
///
/// The printer must return from every stream (no trap, no hang), account for every byte in
/// its jobs, and keep its pictures within the page limit.
@Suite("The virtual printer survives fuzzed byte streams")
struct FuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2025, 0xDEAD_BEEF]

    /// Prefixes that make random bytes look like commands, so parsing goes deep.
    static let prefixes: [[UInt8]] = [
        [0x1B], [0x1D], [0x1C], [0x10, 0x04], [0x1D, 0x76, 0x30], [0x1D, 0x28, 0x6B], [0x1D, 0x6B], [0x1B, 0x2A],
        [0x1D, 0x28, 0x4C], [0x1D, 0x56], [0x1B, 0x26], [0x1C, 0x71], [0x1D, 0x38, 0x4C], [0x1B, 0x44], [0x0A], [0x09],
    ]

    private func check(_ bytes: [UInt8], on id: String, seed: UInt64, chunked generator: inout SplitMix64) throws {
        var printer = try Fixtures.printer(id)
        var jobs: [RenderedJob] = []
        var index = 0
        while index < bytes.count {
            let size = Int.random(in: 1...512, using: &generator)
            jobs += printer.feed(bytes[index..<min(bytes.count, index + size)]).jobs
            index += size
        }
        jobs += printer.finish().jobs
        #expect(jobs.reduce(0) { $0 + $1.bytes.count } <= bytes.count, "seed \(seed)")
        for job in jobs {
            #expect(job.image.height <= 20_000, "seed \(seed)")
            #expect(job.diagnostics.count <= 201, "seed \(seed)")
            // PNG encoding is per dot and slow in debug builds: check the shorter pages.
            if job.image.height <= 4000 {
                #expect(job.pngData().starts(with: [0x89, 0x50, 0x4E, 0x47]), "seed \(seed)")
            }
        }
    }

    @Test("uniformly random bytes", arguments: seeds)
    func randomBytes(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let length = Int.random(in: 0...3000, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try check(bytes, on: Fixtures.profileIDs.randomElement(using: &generator) ?? "generic-80mm", seed: seed, chunked: &generator)
        }
    }

    @Test("random command prefixes with random parameters", arguments: seeds)
    func randomCommands(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<40 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...200, using: &generator) {
                bytes += Self.prefixes.randomElement(using: &generator) ?? []
                // Small parameters are likelier to be valid, large ones to be hostile.
                for _ in 0..<Int.random(in: 0...8, using: &generator) {
                    bytes.append(Bool.random(using: &generator) ? UInt8.random(in: 0...8, using: &generator) : UInt8.random(in: 0...255, using: &generator))
                }
                if Bool.random(using: &generator) { bytes += Array("Año €".utf8) }
            }
            try check(bytes, on: Fixtures.profileIDs.randomElement(using: &generator) ?? "generic-80mm", seed: seed, chunked: &generator)
        }
    }

    @Test("mutated and truncated real tickets", arguments: seeds)
    func mutatedTickets(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for id in Fixtures.profileIDs {
            let original = try Fixtures.ticket(id).bytes
            for _ in 0..<4 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...12, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0...2, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                    default: bytes.remove(at: position)
                    }
                }
                bytes = Array(bytes.prefix(Int.random(in: 1...bytes.count, using: &generator)))
                try check(bytes, on: id, seed: seed, chunked: &generator)
            }
        }
    }

    @Test("hostile sizes: a huge raster header and a huge feed stay bounded")
    func hostileSizes() throws {
        var printer = try Fixtures.printer("generic-80mm")
        let header: [UInt8] = [0x1D, 0x76, 0x30, 0, 0xFF, 0xFF, 0xFF, 0xFF]  // 65535 × 65535 bytes declared
        let feeds = [UInt8](repeating: 0, count: 0) + Array(repeating: [0x1B, 0x64, 255], count: 300).flatMap { $0 }
        let jobs = printer.process(Array("before\n".utf8) + feeds + header + [UInt8](repeating: 0xFF, count: 10_000))
        let job = try #require(jobs.first)
        #expect(job.diagnostics.contains { $0.code == .oversized })
        #expect(job.diagnostics.contains { $0.code == .truncatedCommand })
        #expect(job.image.height <= 20_000)
        #expect(job.textLines.first == "before")
    }
}
