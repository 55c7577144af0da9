import Foundation
import Testing
import TurneroCore
@testable import TerminalFront

@Suite("Screens as a person sees them")
struct RenderPreviewTests {
    static let services = [
        Service(code: "pagos", prefix: "P", name: .init(es: "Pagos y cupones", en: "Payments and coupons")),
        Service(code: "reclamos", prefix: "R", name: .init(es: "Reclamos y PQR", en: "Claims")),
        Service(code: "asesoria", prefix: "A", name: .init(es: "Asesoría y facturación", en: "Advice and billing")),
    ]
    static let t0 = Date(timeIntervalSince1970: 1_794_920_400)

    static func screen(_ flow: KioskFlow, _ columns: Int = 80, _ rows: Int = 24) -> RenderedScreen {
        KioskRenderer(officeName: "Oficina Centro").render(flow, columns: columns, rows: rows, clock: "08:00")
    }

    @Test func homeShowsTheChoicesInSpanishWithButtonsThatCanBeTouched() throws {
        let flow = KioskFlow(services: Self.services, now: Self.t0)
        let rendered = Self.screen(flow)
        let text = rendered.canvas.text
        print(text)
        #expect(text.contains("Bienvenido") && text.contains("1  Tomar un turno") && text.contains("3  Calificar mi atención"))
        #expect(text.contains("*  English"))
        let hit = try #require(rendered.hits.first { $0.button == .takeTurn })
        #expect(rendered.button(atColumn: hit.rect.column + 2, row: hit.rect.row + 2) == .takeTurn)
    }
}

extension RenderPreviewTests {
    @Test(arguments: [(80, 24), (40, 16), (120, 40), (30, 10), (200, 60)])
    func everyScreenFitsAndEveryButtonCanBeHit(columns: Int, rows: Int) {
        var flow = KioskFlow(services: Self.services, now: Self.t0)
        let screens: [FlowEvent] = [.press(.takeTurn), .release(.takeTurn)]
        for event in screens { _ = flow.handle(event, at: Self.t0.addingTimeInterval(1)) }
        let rendered = Self.screen(flow, columns, rows)
        #expect(rendered.canvas.columns == columns && rendered.canvas.rows == rows)
        for hit in rendered.hits {
            #expect(hit.rect.column >= 0 && hit.rect.column + hit.rect.width <= columns, "\(hit)")
            #expect(hit.rect.row >= 1 && hit.rect.row + hit.rect.height <= rows - 1, "\(hit)")
        }
        // Big screens show every service as a touchable button.
        if rows >= 16 {
            for service in Self.services { #expect(rendered.hits.contains { $0.button == .service(service.code) }) }
        }
        // Buttons never overlap.
        for (index, a) in rendered.hits.enumerated() {
            for b in rendered.hits[(index + 1)...] {
                let overlap = a.rect.column < b.rect.column + b.rect.width && b.rect.column < a.rect.column + a.rect.width
                    && a.rect.row < b.rect.row + b.rect.height && b.rect.row < a.rect.row + a.rect.height
                #expect(!overlap, "\(a) overlaps \(b)")
            }
        }
    }

    @Test func accentsPadByDisplayWidth() {
        #expect(DisplayWidth.of("Atención") == 8)
        #expect(DisplayWidth.of("Ñandú €") == 7)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.pad("Sí", to: 4) == "Sí  ")
        #expect(DisplayWidth.center("Año", in: 7) == "  Año  ")
        #expect(DisplayWidth.truncate("Financiación y acuerdos", to: 10) == "Financiac…")
    }
}
