import ESCPOS
import TestSupport
import Testing

@Suite("Reprinted tickets and the technician's test page")
struct ReprintAndTestPageTests {
    @Test("a reprint carries the REIMPRESIÓN banner; the original ticket's bytes do not change", arguments: Fixtures.profileIDs)
    func reprintBanner(id: String) throws {
        let profile = try Fixtures.profile(id)
        var reprint = Fixtures.ticket
        reprint.isReprint = true
        let original = try TicketLayout().encode(Fixtures.ticket, profile: profile)
        let copy = try TicketLayout().encode(reprint, profile: profile)
        #expect(copy.textLines.contains("REIMPRESIÓN") || copy.textLines.contains("REIMPRESION"), "\(id): \(copy.textLines)")
        #expect(!original.textLines.contains { $0.hasPrefix("REIMPRESI") })
        // Everything else is the original ticket: only the banner was added.
        #expect(copy.textLines.filter { !$0.hasPrefix("REIMPRESI") } == original.textLines)
        #expect(TicketContent.sample.isReprint == false)
    }

    @Test("the banner is text the layout's strings can change")
    func bannerWording() throws {
        var strings = TicketLayout.Strings.spanish
        strings.reprint = "Reprint"
        var content = Fixtures.ticket
        content.isReprint = true
        let encoded = try TicketLayout(strings: strings).encode(content, profile: try Fixtures.profile("epson-tm-t20iii"))
        #expect(encoded.textLines.contains("REPRINT"))
    }

    @Test("the test page has every Spanish character, both fonts, rulers that fit, two barcodes, a QR and a cut", arguments: Fixtures.profileIDs)
    func testPage(id: String) throws {
        let profile = try Fixtures.profile(id)
        let document = TestPageLayout().document(profile: profile, connection: "usb:04b8:0e28")
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        let text = encoded.textLines.joined(separator: "\n")
        #expect(text.contains("Perfil \(profile.id) · usb:04b8:0e28"))
        for line in TestPageLayout.spanishCharacters where profile.codePage.name != .cp437 {
            #expect(encoded.textLines.contains(line), "\(id) lacks '\(line)'")
        }
        for font in [FontName.a, .b] {
            let columns = TextStyle(font: font).columns(on: profile)
            let ruler = String((0..<columns).map { Character(String(($0 + 1) % 10)) })
            #expect(encoded.textLines.contains(ruler), "\(id): the font \(font.rawValue) ruler must fill exactly one line")
        }
        let barcodes = document.elements.compactMap { element -> Barcode.Content? in
            if case .barcode(let barcode) = element { return barcode.content }
            return nil
        }
        #expect(barcodes == [.code128(TestPageLayout.code128Sample), .gs1_128(TestPageLayout.gs1Sample)])
        #expect(document.elements.contains { if case .qrCode = $0 { true } else { false } })
        #expect(document.elements.last == .cut(.partial))
        #expect(TestPageLayout.gs1Sample == "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331")
    }
}
