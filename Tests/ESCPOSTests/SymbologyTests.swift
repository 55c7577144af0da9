import Symbology
import Testing

@Suite("Symbology: libzint and libqrencode wrappers, GS1 element strings")
struct SymbologyTests {
    @Test("Code 128 matrix starts with Start B and ends with the stop pattern")
    func code128Patterns() throws {
        let matrix = try SymbolEncoder.code128("Hi")
        #expect(matrix.height == 1)
        let row = (0..<matrix.width).map { matrix[$0, 0] ? "1" : "0" }.joined()
        #expect(row.hasPrefix("11010010000"))  // Start B
        #expect(row.hasSuffix("1100011101011"))  // Stop + termination bar
        #expect(matrix.width == 11 * 4 + 13)  // start, H, i, check, stop
    }

    @Test("QR matrices have finder patterns and grow with the payload")
    func qrMatrix() throws {
        let small = try SymbolEncoder.qrCode("1")
        #expect(small.width == 21 && small.height == 21)
        for (x, y) in [(0, 0), (6, 0), (0, 6), (20, 0), (0, 20)] { #expect(small[x, y]) }
        #expect(!small[7, 7])
        let large = try SymbolEncoder.qrCode(String(repeating: "a", count: 200), errorCorrection: .high)
        #expect(large.width > 50)
        #expect(try SymbolEncoder.qrSideUpperBound(byteCount: 200, errorCorrection: .high) >= large.width)
    }

    @Test("errors map to codes with the library's message")
    func errors() {
        #expect {
            _ = try SymbolEncoder.qrCode(String(repeating: "z", count: 3000))
        } throws: { ($0 as? SymbologyError)?.code == .tooLong }
        #expect {
            _ = try SymbolEncoder.code128("ñ")
        } throws: { ($0 as? SymbologyError)?.code == .invalidData }
        #expect {
            _ = try SymbolEncoder.gs1_128("(415)7709998000019")
        } throws: { error in
            guard let error = error as? SymbologyError else { return false }
            return error.code == .invalidCheckDigit && error.message.contains("expected 8")
        }
        #expect(throws: SymbologyError.self) { _ = try SymbolEncoder.linear(.ean13, data: "ABC") }
    }

    @Test("bracketed element strings parse, print back and know where FNC1 goes")
    func elementStrings() throws {
        let text = "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331"
        let elements = try GS1ElementString(bracketed: text)
        #expect(elements.elements.map(\.ai) == ["415", "8020", "3900", "96"])
        #expect(elements.bracketed == text)
        #expect(elements.encodedParts == [
            .fnc1, .data("4157709998000018"), .data("80200012345678"), .fnc1, .data("39000000131225"), .fnc1,
            .data("9620260331"),
        ])
        let rebuilt = try GS1ElementString(fnc1Separated: ["415770999800001880200012345678", "39000000131225", "9620260331"])
        #expect(rebuilt == elements)
        for bad in ["", "415)1", "(41)", "(12345)1", "(415)", "(8020)a b"] {
            #expect(throws: SymbologyError.self, "\(bad)") { _ = try GS1ElementString(bracketed: bad) }
        }
        #expect(throws: SymbologyError.self) { _ = try GS1ElementString(fnc1Separated: ["4157709"]) }
    }

    @Test("rotation keeps every module")
    func rotation() throws {
        let matrix = try SymbolEncoder.code128("ROT")
        let rotated = matrix.rotatedClockwise()
        #expect(rotated.width == matrix.height && rotated.height == matrix.width)
        #expect(rotated.darkCount == matrix.darkCount)
        for x in 0..<matrix.width { #expect(rotated[0, x] == matrix[x, 0]) }
    }
}
