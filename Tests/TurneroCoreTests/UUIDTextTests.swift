import Foundation
import Testing
import TurneroCore

/// UUID text written and read without the C library, byte for byte what Foundation writes.
@Suite("UUID text")
struct UUIDTextTests {
    @Test func writesWhatFoundationWritesAndReadsItBack() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(id.upperText == id.uuidString)
            #expect(id.lowerText == id.uuidString.lowercased())
            for text in [id.upperText, id.lowerText] {
                var bytes = Array(text.utf8)
                #expect(bytes.withUnsafeMutableBufferPointer { UUID(utf8: UnsafeBufferPointer($0)) } == id)
            }
        }
    }

    @Test(arguments: [
        "", "8E2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A0", "8E2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A011",
        "8E2C61B0_2A4B-4C55-9E0A-1F3C5D7E9A01", "8E2C61B02A4B-4C55-9E0A-1F3C5D7E9A01-", "8G2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A01",
        "8E2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A0 ", "ñE2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A0",
    ])
    func refusesAnythingElse(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { UUID(utf8: $0) } == nil)
        #expect(UUID(uuidString: text) == nil, "Foundation refuses it too")
    }
}
