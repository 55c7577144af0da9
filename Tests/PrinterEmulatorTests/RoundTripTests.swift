import ESCPOS
import PrinterEmulator
import TestSupport
import Testing

@Suite("Encoder → virtual printer round trip")
struct RoundTripTests {
    @Test("the printer prints back the text the encoder wrapped", arguments: Fixtures.profileIDs)
    func ticketText(id: String) throws {
        let encoded = try Fixtures.ticket(id)
        let job = try Fixtures.render(encoded.bytes, on: id)
        #expect(job.textLines == encoded.textLines)
        #expect(job.diagnostics.isEmpty, "\(job.diagnostics)")
        #expect(job.bytes == encoded.bytes)
        let profile = try Fixtures.profile(id)
        #expect(job.image.width == profile.paper.paperWidthDots)
        #expect(job.image.blackDotCount > 5_000)
        #expect(job.ending == (profile.cutter.present ? .cut(full: false) : .endOfStream))
        if profile.symbols.qr {
            #expect(job.symbols == [RenderedSymbol(symbology: "QR", text: TicketContent.sample.qrPayload, moduleSize: job.symbols.first?.moduleSize ?? 0)])
        }
    }

    @Test("accented Spanish survives the round trip on every profile's code page", arguments: Fixtures.profileIDs)
    func spanish(id: String) throws {
        let text = "¿Dónde está el señor Ñúñez? ¡Aquí! ÁÉÍÓÚ áéíóú ü € 5"
        var document = Document()
        document.text(text)
        document.cut()
        let encoded = try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(document)
        #expect(encoded.notes.isEmpty)
        let job = try Fixtures.render(encoded.bytes, on: id)
        #expect(job.textLines.joined(separator: " ") == text)
        #expect(job.transcript.contains("señor Ñúñez"))
    }

    @Test("without ESC t the printer stays in CP437 and accents come out wrong")
    func codePageMatters() throws {
        // "Año €" in CP858 bytes, sent after ESC @ but without ESC t.
        let bytes: [UInt8] = [0x1B, 0x40, 0x41, 0xA4, 0x6F, 0x20, 0xD5, 0x0A]
        let job = try Fixtures.render(bytes, on: "epson-tm-t20iii")
        #expect(job.textLines == ["Año ╒"])  // CP437 has ñ at A4 but a box corner at D5
    }

    @Test("a clone switched to Kanji mode (FS &) garbles accents and says so; the encoder's FS . prevents it")
    func kanjiMode() throws {
        let switched: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, 19, 0x1C, 0x26, 0x41, 0xA4, 0x6F, 0x0A]
        let garbled = try Fixtures.render(switched, on: "pos-5890")
        #expect(garbled.textLines == ["A\u{FFFD}"])  // A4 6F read as one double-byte character
        #expect(garbled.transcript.contains("Kanji mode on"), "\(garbled.transcript)")
        var document = Document()
        document.text("Año")
        let encoded = try ESCPOSEncoder(profile: try Fixtures.profile("pos-5890")).encode(document)
        #expect(try Fixtures.render(encoded.bytes, on: "pos-5890").textLines == ["Año"])
    }

    @Test("styles reach the picture: double size text is taller and wider than plain")
    func styles() throws {
        func inkHeight(_ style: TextStyle) throws -> (height: Int, width: Int) {
            var document = Document()
            document.text("HHHH", style)
            let job = try Fixtures.render(try ESCPOSEncoder(profile: try Fixtures.profile("epson-tm-t20iii")).encode(document).bytes, on: "epson-tm-t20iii")
            var rows = Set<Int>()
            var columns = Set<Int>()
            for y in 0..<job.image.height {
                for x in 0..<job.image.width where job.image[x, y] {
                    rows.insert(y)
                    columns.insert(x)
                }
            }
            return (rows.count, (columns.max() ?? 0) - (columns.min() ?? 0))
        }
        let plain = try inkHeight(.plain)
        let large = try inkHeight(TextStyle(widthScale: 2, heightScale: 2))
        #expect(large.height >= plain.height * 2 - 2 && large.width >= plain.width * 2 - 2)
        let centred = try Fixtures.render(
            try ESCPOSEncoder(profile: try Fixtures.profile("epson-tm-t20iii")).encode(Document([.text("X", .centered)])).bytes,
            on: "epson-tm-t20iii")
        var columns: [Int] = []
        for y in 0..<centred.image.height {
            for x in 0..<centred.image.width where centred.image[x, y] { columns.append(x) }
        }
        let middle = ((columns.min() ?? 0) + (columns.max() ?? 0)) / 2
        #expect(abs(middle - centred.image.width / 2) <= 8)
    }

    @Test("jobs split at cuts; the bytes of each job are its own")
    func jobsSplitAtCuts() throws {
        let one = try Fixtures.ticket("epson-tm-t20iii").bytes
        var printer = try Fixtures.printer("epson-tm-t20iii")
        let jobs = printer.process(one + one + Array("tail\n".utf8))
        #expect(jobs.count == 3)
        #expect(jobs.map(\.number) == [1, 2, 3])
        #expect(jobs[0].bytes == one && jobs[1].bytes == one)
        #expect(jobs[2].ending == .endOfStream && jobs[2].textLines == ["tail"])
        #expect(jobs[0].pngData() == jobs[1].pngData())
    }

    @Test("an empty stream or status polling alone produces no job")
    func noEmptyJobs() throws {
        var printer = try Fixtures.printer("epson-tm-t20iii")
        #expect(printer.process([]).isEmpty)
        #expect(printer.process(StatusQuery.allCommands).isEmpty)
    }
}
