import Foundation
import PrinterEmulator
import TestSupport
import Testing

@Suite("PNG output")
struct PNGTests {
    @Test("signature, header with the paper size, physical dpi, valid CRCs")
    func structure() throws {
        let job = try Fixtures.render(try Fixtures.ticket("pos-5890").bytes, on: "pos-5890")
        let png = job.pngData()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var chunks: [String] = []
        while offset + 8 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = Array(png[(offset + 8)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(stored == Self.crc32(Array(type.utf8) + data), "\(type) CRC")
            if type == "IHDR" {
                let width = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
                let height = data[4..<8].reduce(0) { $0 << 8 | Int($1) }
                #expect(width == job.image.width && height == job.image.height)
                #expect(data[8] == 1 && data[9] == 0)  // 1-bit grayscale
            }
            if type == "pHYs" {
                let perMetre = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
                #expect(abs(Double(perMetre) * 0.0254 - 203) < 0.5)
            }
            chunks.append(type)
            offset += 12 + length
        }
        #expect(chunks == ["IHDR", "pHYs", "IDAT", "IEND"])
        #expect(png.count < 20_000)  // a ticket compresses to a few kilobytes
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
