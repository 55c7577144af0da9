import ESCPOS
import TestSupport
import Testing

@Suite("Code pages and transliteration")
struct CodePageTests {
    @Test("Spanish letters, ¿ ¡ and € sit where the code page definitions put them")
    func spanishBytes() {
        let cp858: [Unicode.Scalar: UInt8] = [
            "á": 0xA0, "é": 0x82, "í": 0xA1, "ó": 0xA2, "ú": 0xA3, "ñ": 0xA4, "Ñ": 0xA5, "¿": 0xA8, "¡": 0xAD,
            "Á": 0xB5, "É": 0x90, "Í": 0xD6, "Ó": 0xE0, "Ú": 0xE9, "ü": 0x81, "€": 0xD5,
        ]
        for (scalar, byte) in cp858 {
            #expect(CodePage.cp858.byte(for: scalar) == byte, "CP858 \(scalar)")
            #expect(CodePage.cp858.character(for: byte) == scalar)
        }
        let wpc1252: [Unicode.Scalar: UInt8] = [
            "á": 0xE1, "é": 0xE9, "í": 0xED, "ó": 0xF3, "ú": 0xFA, "ñ": 0xF1, "Ñ": 0xD1, "¿": 0xBF, "¡": 0xA1, "€": 0x80,
        ]
        for (scalar, byte) in wpc1252 {
            #expect(CodePage.wpc1252.byte(for: scalar) == byte, "WPC1252 \(scalar)")
        }
        // The reasons the profiles avoid these pages for Spanish.
        #expect(CodePage.cp437.byte(for: "Á") == nil && CodePage.cp437.byte(for: "€") == nil)
        #expect(CodePage.cp850.byte(for: "€") == nil && CodePage.cp850.byte(for: "ı") == 0xD5)
    }

    @Test("every defined byte decodes and encodes back to itself", arguments: CodePage.allCases)
    func roundTrip(page: CodePage) {
        var defined = 0
        for byte in UInt8(0x20)...UInt8(0xFF) where byte != 0x7F {
            guard let scalar = page.character(for: byte) else { continue }
            defined += 1
            #expect(page.byte(for: scalar) == byte, "\(page) 0x\(String(byte, radix: 16))")
        }
        #expect(defined >= (page == .wpc1252 ? 218 : 223))
    }

    @Test("text the code page lacks is transliterated and reported, never dropped")
    func transliteration() throws {
        let profile = try Fixtures.profile("epson-tm-t20iii")
        var document = Document()
        document.text("Turno – 15—20 min “ya” ă ł 🙂 \u{200B}fin")
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        #expect(encoded.textLines == ["Turno - 15-20 min \"ya\" a l ? fin"])
        #expect(encoded.notes.contains(.transliterated("–", to: "-")))
        #expect(encoded.notes.contains(.transliterated("“", to: "\"")))
        #expect(encoded.notes.contains(.unrepresentable("🙂")))
        #expect(encoded.notes.contains(.transliterated("\u{200B}", to: "")))
    }

    @Test("€ becomes EUR on a code page without it, and wrapping counts the three columns")
    func euroOnCP437() throws {
        var profile = try Fixtures.profile("epson-tm-t20iii")
        profile.codePage = PrinterProfile.CodePageSelection(name: .cp437, escT: 0)
        var document = Document()
        document.text("Valor € 5 Ánimo")
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        #expect(encoded.textLines == ["Valor EUR 5 Animo"])
        #expect(encoded.notes.contains(.transliterated("€", to: "EUR")))
    }

    @Test("decomposed accents print as the composed letter")
    func decomposedInput() throws {
        let profile = try Fixtures.profile("pos-5890")
        var document = Document()
        document.text("Informacio\u{301}n")  // o + combining acute
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        #expect(encoded.textLines == ["Información"])
        #expect(encoded.notes.isEmpty)
    }

    @Test("control characters in text never reach the printer as commands")
    func controlCharactersAreNeutralised() throws {
        let profile = try Fixtures.profile("epson-tm-t20iii")
        var document = Document()
        document.text("A\u{1B}@B\u{1D}V\u{0}C")
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        let body = Array(encoded.bytes.dropFirst(5))  // after ESC @ ESC t n
        #expect(!body.contains(0x1B) && !body.contains(0x1D) && !body.contains(0x00))
        #expect(encoded.textLines == ["A?@B?V?C"])
    }
}
