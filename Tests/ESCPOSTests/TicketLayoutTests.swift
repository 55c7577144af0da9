import ESCPOS
import TestSupport
import Testing

@Suite("Ticket layout on 58 and 80 mm")
struct TicketLayoutTests {
    @Test("every line fits the profile and the fixed Spanish texts are there", arguments: Fixtures.profileIDs)
    func fits(id: String) throws {
        let profile = try Fixtures.profile(id)
        let document = TicketLayout().document(for: Fixtures.ticket, profile: profile)
        let encoded = try ESCPOSEncoder(profile: profile).encode(document)
        for element in document.elements {
            if case .text(let text, let style) = element, text == Fixtures.ticket.label {
                #expect(style.widthScale >= 2 && style.heightScale == style.widthScale, "label not large on \(id)")
                #expect(text.count <= style.columns(on: profile))
            }
        }
        let widest = profile.fonts.map(\.columns).max() ?? 0
        for line in encoded.textLines { #expect(line.count <= widest, "\(id): '\(line)'") }
        let text = encoded.textLines.joined(separator: "\n")
        for expected in ["Su turno", "P-027", "Personas antes de usted: 3", "Espera estimada: 15", "25 min", "ATENCIÓN PREFERENCIAL", "Pagos y facturación", "23/11/2025 09:41"] {
            #expect(text.contains(expected), "\(id) lacks '\(expected)'")
        }
        #expect(encoded.bytes.contains(sequence: Array(Fixtures.ticket.qrPayload.utf8)) || !profile.symbols.qr)
    }

    @Test("the label scale adapts to the line: 4× on both widths for P-027, smaller for long labels")
    func labelScale() throws {
        let layout = TicketLayout()
        let narrow = try Fixtures.profile("pos-5890")
        let wide = try Fixtures.profile("epson-tm-t20iii")
        func scale(_ label: String, _ profile: PrinterProfile) -> Int {
            var content = Fixtures.ticket
            content.label = label
            for case .text(let text, let style) in layout.document(for: content, profile: profile).elements where text == label {
                return style.widthScale
            }
            return 0
        }
        #expect(scale("P-027", narrow) == 4 && scale("P-027", wide) == 4)
        #expect(scale("CAJ-1234", narrow) == 4)  // 8 × 4 = 32 columns
        #expect(scale("CAJAS-1234", narrow) == 3)
        #expect(scale("CAJAS-12345678", wide) == 3)
    }

    @Test("optional parts are left out when empty")
    func optionalParts() throws {
        let profile = try Fixtures.profile("epson-tm-t20iii")
        let content = TicketContent(officeName: "Oficina Norte", serviceName: "Reclamos", label: "R-001", issuedText: "01/12/2025 08:00", peopleAhead: 0)
        let encoded = try TicketLayout().encode(content, profile: profile)
        let text = encoded.textLines.joined(separator: "\n")
        #expect(!text.contains("Espera estimada") && !text.contains("PREFERENCIAL"))
        #expect(!encoded.bytes.contains(sequence: [0x1D, 0x28, 0x6B]))
        #expect(text.contains("Personas antes de usted: 0"))
    }
}
