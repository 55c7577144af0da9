import ESCPOS
import Symbology
import TestSupport
import Testing

@Suite("Barcodes and QR: native commands, raster fallback, rotation")
struct SymbolEncodingTests {
    static let gs1 = "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331"

    private func encode(_ element: Document.Element, _ id: String) throws -> EncodedDocument {
        try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(Document([element]))
    }

    @Test("GS1-128 goes natively as code set C with FNC1 first and after variable-length AIs")
    func nativeGS1Data() throws {
        let short = "(8020)0012345678(3900)0000131225(96)20260331"
        let encoded = try encode(.barcode(Barcode(.gs1_128(short), moduleWidth: 2)), "epson-tm-t20iii")
        // Digits in code C; FNC1 first, then after 8020 and 3900 (both variable length).
        var data: [UInt8] = [0x7B, 0x43, 0x7B, 0x31]
        data += [80, 20, 0, 12, 34, 56, 78]
        data += [0x7B, 0x31, 39, 0, 0, 0, 13, 12, 25]
        data += [0x7B, 0x31, 96, 20, 26, 3, 31]
        let range = try #require(encoded.bytes.firstRange(of: [0x1D, 0x6B, 73]))
        #expect(Int(encoded.bytes[range.upperBound]) == data.count)
        #expect(Array(encoded.bytes[(range.upperBound + 1)..<(range.upperBound + 1 + data.count)]) == data)
        #expect(encoded.bytes.contains(sequence: [0x1D, 0x77, 2]))
        // The printer was asked for HRI off; the text is printed below as a line.
        #expect(encoded.bytes.contains(sequence: [0x1D, 0x48, 0]))
        #expect(encoded.textLines == [short])
        #expect(encoded.notes.isEmpty)
        // 24 symbol characters: 24 × 11 + 13 modules, as libzint counts them.
        #expect(try SymbolEncoder.gs1_128(short).width == 24 * 11 + 13)
    }

    @Test("the full coupon payload is too wide for native GS1-128 on 576 dots: raster at 1 dot per module")
    func couponPayloadOn80mm() throws {
        let encoded = try encode(.barcode(Barcode(.gs1_128(Self.gs1))), "epson-tm-t20iii")
        #expect(!encoded.bytes.contains(sequence: [0x1D, 0x6B, 73]))
        let band = try #require(encoded.bytes.firstRange(of: [0x1D, 0x76, 0x30, 0]))
        #expect(Int(encoded.bytes[band.upperBound]) == (365 + 7) / 8)
        #expect(encoded.notes.contains { if case .rasterSymbol("GS1-128", _) = $0 { true } else { false } })
    }

    @Test("code set choice gives the same width as libzint's encoding", arguments: [
        "ABC-123", "12345678", "1234567", "Turno P-027", "a{b}c", "0012345678901234567890", "X1234567Y",
    ])
    func code128Width(text: String) throws {
        let encoded = try encode(.barcode(Barcode(.code128(text), moduleWidth: 2)), "epson-tm-t20iii")
        let range = try #require(encoded.bytes.firstRange(of: [0x1D, 0x77]))
        #expect(encoded.bytes[range.upperBound] == 2)
        let zint = try SymbolEncoder.code128(text)
        // Both are optimal or near it: never more than one symbol character apart.
        let data = try #require(encoded.bytes.firstRange(of: [0x1D, 0x6B, 73]))
        let length = Int(encoded.bytes[data.upperBound])
        let payload = Array(encoded.bytes[(data.upperBound + 1)..<(data.upperBound + 1 + length)])
        let symbols = Self.symbolCount(payload)
        #expect(abs((symbols + 1) * 11 + 13 - zint.width) <= 11, "\(text): ours \((symbols + 1) * 11 + 13), zint \(zint.width)")
    }

    /// Symbol characters in `GS k 73` data (start, switches, FNC1, data), without check.
    private static func symbolCount(_ data: [UInt8]) -> Int {
        var count = 0
        var index = 0
        while index < data.count {
            // "{A", "{1", "{{" … are one symbol character in two bytes.
            index += data[index] == 0x7B ? 2 : 1
            count += 1
        }
        return count
    }

    @Test("a profile without native GS1-128 gets it as raster at the widest module that fits")
    func rasterFallback() throws {
        let encoded = try encode(.barcode(Barcode(.gs1_128(Self.gs1), heightDots: 60, moduleWidth: 2)), "bixolon-srp-350ii")
        #expect(!encoded.bytes.contains(sequence: [0x1D, 0x6B]))
        let band = try #require(encoded.bytes.firstRange(of: [0x1D, 0x76, 0x30, 0]))
        let widthBytes = Int(encoded.bytes[band.upperBound]) | Int(encoded.bytes[band.upperBound + 1]) << 8
        let symbol = try SymbolEncoder.gs1_128(Self.gs1)
        #expect(symbol.width * 2 > 512)  // 2 dots per module does not fit 512 dots…
        #expect(widthBytes == (symbol.width + 7) / 8)  // …so 1 dot per module is used.
        #expect(encoded.notes.contains { if case .rasterSymbol("GS1-128", _) = $0 { true } else { false } })
    }

    @Test("on 58 mm at 2 dots per module the GS1 payload does not fit: it is rotated, never clipped")
    func rotation() throws {
        // 365 modules fit 384 dots at 1 dot per module; with 2 as the floor they do not.
        let encoded = try encode(
            .barcode(Barcode(.gs1_128(Self.gs1), heightDots: 96, moduleWidth: 2, minimumModuleWidth: 2)), "pos-5890")
        #expect(encoded.notes.contains(.rotatedSymbol("GS1-128")))
        let symbol = try SymbolEncoder.gs1_128(Self.gs1)
        var rows = 0
        var width = 0
        var index = 0
        while let band = Array(encoded.bytes[index...]).firstRange(of: [0x1D, 0x76, 0x30, 0]) {
            let start = index + band.upperBound
            width = Int(encoded.bytes[start]) | Int(encoded.bytes[start + 1]) << 8
            let height = Int(encoded.bytes[start + 2]) | Int(encoded.bytes[start + 3]) << 8
            rows += height
            index = start + 4 + width * height
        }
        #expect(width == 12)  // 96 dots of bar length across the paper
        #expect(rows == symbol.width * 2)  // every module, 2 dots each, down the paper
    }

    @Test("with rotation refused, a too-wide barcode is a clear error")
    func refused() throws {
        #expect {
            _ = try encode(.barcode(Barcode(.gs1_128(Self.gs1), minimumModuleWidth: 2, overflow: .refuse)), "pos-5890")
        } throws: { error in
            guard let error = error as? ESCPOSError else { return false }
            return error.code == .barcodeTooWide && error.message.contains("384") && error.message.contains("modules")
        }
    }

    @Test("bad barcode data is rejected before anything is printed")
    func invalidData() throws {
        for content in [Barcode.Content.gs1_128("(415)7709998000019(8020)1"), .gs1_128("415)77"), .code128("Año")] {
            #expect {
                _ = try encode(.barcode(Barcode(content)), "epson-tm-t20iii")
            } throws: { error in
                (error as? ESCPOSError)?.code == .invalidBarcodeData
            }
        }
    }

    @Test("QR goes natively as GS ( k model 2, size, level, store, print")
    func nativeQR() throws {
        let encoded = try encode(.qrCode(QRCode("TURNO-1", moduleSize: 6, errorCorrection: .quartile)), "epson-tm-t20iii")
        let expected: [UInt8] =
            [0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0] + [0x1D, 0x28, 0x6B, 3, 0, 49, 67, 6]
            + [0x1D, 0x28, 0x6B, 3, 0, 49, 69, 50] + [0x1D, 0x28, 0x6B, 10, 0, 49, 80, 48] + Array("TURNO-1".utf8)
            + [0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48]
        #expect(encoded.bytes.contains(sequence: expected))
        #expect(encoded.bytes.contains(sequence: [0x1B, 0x4A, 24]))  // 4-module quiet zone
    }

    @Test("QR on a profile without native QR is a raster of the libqrencode matrix")
    func rasterQR() throws {
        let encoded = try encode(.qrCode(QRCode("TURNO-1", moduleSize: 4)), "pos-5890")
        let matrix = try SymbolEncoder.qrCode("TURNO-1")
        let band = try #require(encoded.bytes.firstRange(of: [0x1D, 0x76, 0x30, 0]))
        #expect(Int(encoded.bytes[band.upperBound + 2]) == matrix.width * 4)
        #expect(!encoded.bytes.contains(sequence: [0x1D, 0x28, 0x6B]))
    }

    @Test("a QR too long for any version is an error")
    func qrTooLarge() throws {
        let huge = String(repeating: "x", count: 3000)
        #expect {
            _ = try encode(.qrCode(QRCode(huge)), "pos-5890")
        } throws: { error in
            (error as? ESCPOSError)?.code == .qrTooLarge
        }
    }
}
