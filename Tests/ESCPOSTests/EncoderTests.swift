import ESCPOS
import TestSupport
import Testing

@Suite("ESC/POS encoder: text, styles, feeds, cuts")
struct EncoderTests {
    private func encode(_ document: Document, _ id: String = "epson-tm-t20iii") throws -> EncodedDocument {
        try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(document)
    }

    @Test("every job starts with ESC @ then ESC t with the profile's number", arguments: Fixtures.profileIDs)
    func initialization(id: String) throws {
        let profile = try Fixtures.profile(id)
        let encoded = try ESCPOSEncoder(profile: profile).encode(TicketLayout().document(for: Fixtures.ticket, profile: profile))
        var expected: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, UInt8(profile.codePage.escT)]
        if profile.cancelKanjiMode { expected += [0x1C, 0x2E] }
        #expect(Array(encoded.bytes.prefix(expected.count)) == expected)
        // ESC t follows every ESC @ (the parser-free check: ESC @ occurs once, at the start).
        for range in encoded.bytes.ranges(of: [0x1B, 0x40]) {
            #expect(Array(encoded.bytes[range.upperBound..<min(encoded.bytes.count, range.upperBound + 2)]) == [0x1B, 0x74])
        }
    }

    @Test("styles are sent only when they change")
    func minimalStyleCommands() throws {
        var document = Document()
        let bold = TextStyle(alignment: .center, bold: true)
        document.text("Uno", bold)
        document.text("Dos", bold)
        document.text("Tres", .plain)
        let bytes = try encode(document).bytes
        #expect(bytes == [
            0x1B, 0x40, 0x1B, 0x74, 19,
            0x1B, 0x61, 1, 0x1B, 0x45, 1, 0x55, 0x6E, 0x6F, 0x0A, 0x44, 0x6F, 0x73, 0x0A,
            0x1B, 0x61, 0, 0x1B, 0x45, 0, 0x54, 0x72, 0x65, 0x73, 0x0A,
        ])
    }

    @Test("size, font, underline and reverse map to GS !, ESC M, ESC -, GS B")
    func styleBytes() throws {
        var document = Document()
        document.text("X", TextStyle(underline: .double, widthScale: 2, heightScale: 3, font: .b, inverted: true))
        let bytes = try encode(document).bytes
        #expect(bytes.contains(sequence: [0x1B, 0x4D, 1]))
        #expect(bytes.contains(sequence: [0x1B, 0x2D, 2]))
        #expect(bytes.contains(sequence: [0x1D, 0x21, 0x12]))
        #expect(bytes.contains(sequence: [0x1D, 0x42, 1]))
    }

    @Test("text wraps at spaces to the style's columns; long words are split")
    func wrapping() throws {
        var document = Document()
        document.text("Personas antes de usted: 3. Espera estimada: 15-25 min. Gracias.")
        document.text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", TextStyle(widthScale: 2))  // 40 × 2 on 32 columns
        document.text("   sangría\n\nfin")
        let encoded = try encode(document, "pos-5890")
        // Balanced, not greedy: as many lines as greedy wrapping, none left with one word.
        #expect(encoded.textLines == [
            "Personas antes de usted:", "3. Espera estimada:", "15-25 min. Gracias.",
            "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAA", "AAAAAAAA",
            "   sangría", "", "fin",
        ])
        for line in encoded.textLines { #expect(line.count <= 32) }
    }

    @Test("every line break form splits paragraphs; joined text keeps a space where a break was")
    func lineBreaks() throws {
        var document = Document()
        document.text("uno\r\ndos\rtres\u{2028}cuatro\u{85}cinco\nñ")
        document.columns("a\nb", "c")
        let encoded = try encode(document, "pos-5890")
        #expect(encoded.textLines == ["uno", "dos", "tres", "cuatro", "cinco", "ñ", "a b" + String(repeating: " ", count: 28) + "c"])
    }

    @Test("a combining mark after plain ASCII joins the letter before it")
    func combiningAfterASCIIRun() throws {
        var document = Document()
        document.text("Pe\u{301}rez Nu\u{303}n\u{303}ez Z\u{30C}")  // é, ũ (not in CP858), ñ, Ž
        let encoded = try encode(document)
        #expect(encoded.textLines == ["Pérez Nuñez Z"])
        #expect(encoded.notes.contains(.transliterated("u\u{303}", to: "u")))
        #expect(encoded.notes.contains(.transliterated("Z\u{30C}", to: "Z")))
    }

    @Test("columns put the right text flush right; a long left text wraps and keeps the right on its last line")
    func columns() throws {
        var document = Document()
        document.columns("Total", "$ 131.225")
        document.columns("Un concepto muy largo que ocupa toda la línea", "$ 5")
        let encoded = try encode(document, "pos-5890")
        #expect(encoded.textLines[0] == "Total" + String(repeating: " ", count: 32 - 5 - 9) + "$ 131.225")
        #expect(encoded.textLines.count == 3)
        #expect(encoded.textLines.last?.hasSuffix(" $ 5") == true && encoded.textLines.last?.count == 32, "\(encoded.textLines)")
    }

    @Test("separators fill the line at the style's width")
    func separators() throws {
        var document = Document()
        document.separator("=")
        document.separator("-", TextStyle(font: .b))
        document.separator("—")  // transliterated to "-"
        let encoded = try encode(document)
        #expect(encoded.textLines == [String(repeating: "=", count: 48), String(repeating: "-", count: 64), String(repeating: "-", count: 48)])
    }

    @Test("cuts follow the profile: GS V 66 0, GS V 1 after a feed, or only a feed on a tear bar")
    func cuts() throws {
        var document = Document()
        document.cut(.partial)
        #expect(try encode(document, "epson-tm-t20iii").bytes.suffix(7) == [0x1B, 0x64, 1, 0x1D, 0x56, 66, 0])
        #expect(try encode(document, "generic-80mm").bytes.suffix(6) == [0x1B, 0x64, 4, 0x1D, 0x56, 1])
        #expect(try encode(document, "pos-5890").bytes.suffix(3) == [0x1B, 0x64, 4])
        var full = Document()
        full.cut(.full)
        let generic = try encode(full, "generic-80mm")
        #expect(generic.bytes.suffix(3) == [0x1D, 0x56, 1])
        #expect(generic.notes.contains(.skipped("full cut", reason: "the cutter only cuts partially")))
        #expect(try encode(full, "epson-tm-t88vi").bytes.suffix(4) == [0x1D, 0x56, 65, 0])
    }

    @Test("the buzzer uses the profile's command, or is skipped with a note")
    func buzzer() throws {
        var document = Document()
        document.buzzer(times: 2)
        #expect(try encode(document, "rongta-rp326").bytes.suffix(4) == [0x1B, 0x42, 2, 3])
        let epson = try encode(document, "epson-tm-t20iii")
        #expect(epson.bytes.count == 5)
        #expect(epson.notes == [.skipped("buzzer", reason: "profile epson-tm-t20iii has no buzzer")])
        var pulse = try Fixtures.profile("epson-tm-t20iii")
        pulse.buzzer = PrinterProfile.Buzzer(command: .drawerPulse, duration: 100)
        #expect(try ESCPOSEncoder(profile: pulse).encode(document).bytes.suffix(10) == [0x1B, 0x70, 0, 100, 100, 0x1B, 0x70, 0, 100, 100])
    }

    @Test("images go as GS v 0 bands of the profile's height, or as 24-dot ESC * lines")
    func rasterImages() throws {
        var image = RasterImage(width: 20, height: 300)
        for y in 0..<300 { image[y % 20, y] = true }
        var document = Document()
        document.image(image, alignment: .right)
        let bytes = try encode(document, "pos-5890").bytes  // 128-row bands
        let bands = bytes.ranges(of: [0x1D, 0x76, 0x30, 0])
        #expect(bands.count == 3)
        #expect(Array(bytes[bands[0].upperBound..<(bands[0].upperBound + 4)]) == [3, 0, 128, 0])
        #expect(Array(bytes[bands[2].upperBound..<(bands[2].upperBound + 4)]) == [3, 0, 44, 0])
        #expect(bytes.contains(sequence: [0x1B, 0x61, 2]))

        var old = try Fixtures.profile("generic-80mm")
        old.raster = PrinterProfile.Raster(command: .escStar, bandRows: 24)
        let columnBytes = try ESCPOSEncoder(profile: old).encode(document).bytes
        #expect(columnBytes.ranges(of: [0x1B, 0x2A, 33, 20, 0]).count == 13)  // ⌈300 / 24⌉
        #expect(columnBytes.contains(sequence: [0x1B, 0x33, 24]) && columnBytes.contains(sequence: [0x1B, 0x32]))
    }

    @Test("an image wider than the paper is refused, not clipped")
    func imageTooWide() throws {
        var document = Document()
        document.image(RasterImage(width: 400, height: 8))
        #expect {
            _ = try encode(document, "pos-5890")
        } throws: { error in
            (error as? ESCPOSError)?.code == .imageTooWide
        }
    }
}
