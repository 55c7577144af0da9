import Foundation
@testable import TerminalFront
import Testing
import TurneroCore

/// What independent checks found on the customer front (issue 13, findings 7–9), as a person
/// at the screen would see it.
@Suite("Touch front: timeouts, dialogs, labels, wrapping, languages")
struct TouchFrontFindingsTests {
    static let t0 = RenderPreviewTests.t0
    /// The example office's services: one name is long enough to wrap at 80 columns.
    static let services = [
        Service(code: "pagos", prefix: "P", name: .init(es: "Pagos y cupones", en: "Payments and coupons")),
        Service(code: "reclamos", prefix: "R", name: .init(es: "Reclamos y PQR", en: "Claims and complaints")),
        Service(code: "servicios-nuevos", prefix: "N", name: .init(es: "Servicios nuevos", en: "New connections")),
        Service(code: "asesoria", prefix: "A", name: .init(es: "Asesoría y facturación", en: "Advice and billing")),
        Service(code: "financiacion", prefix: "F", name: .init(es: "Financiación y acuerdos de pago", en: "Payment plans")),
    ]

    static func flow(couponsEnabled: Bool = true) -> KioskFlow {
        KioskFlow(services: services, options: KioskOptions(couponsEnabled: couponsEnabled), now: t0)
    }

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func tap(_ flow: inout KioskFlow, _ id: ButtonID, at seconds: Double) -> [FlowEffect] {
        _ = flow.handle(.press(id), at: at(seconds))
        return flow.handle(.release(id), at: at(seconds))
    }

    static func text(_ flow: KioskFlow, _ columns: Int = 80, _ rows: Int = 24) -> String {
        KioskRenderer(officeName: "Oficina Centro").render(flow, columns: columns, rows: rows, clock: "08:00").canvas.text
    }

    // MARK: Finding 8: the home screen times out

    @Test func homeForgetsTypedDigitsAndTheEnglishChoiceAfterTheIdleTimeout() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .language, at: 1)
        _ = flow.handle(.key(.text("1")), at: Self.at(2))
        #expect(flow.language == .english && flow.typed == "1")
        #expect(flow.handle(.tick, at: Self.at(46)).isEmpty, "44 s idle: not yet")
        #expect(flow.handle(.tick, at: Self.at(47.5)) == [.wipeScreen])
        #expect(flow.screen == .home && flow.typed.isEmpty && flow.language == .spanish)
        // The next person's "1⏎" is a 1, not an 11.
        _ = flow.handle(.key(.text("1")), at: Self.at(50))
        _ = flow.handle(.key(.enter), at: Self.at(50))
        #expect(flow.screen == .chooseService)
    }

    @Test func anUntouchedHomeScreenIsNotWipedEveryIdlePeriod() {
        var flow = Self.flow()
        #expect(flow.handle(.tick, at: Self.at(300)).isEmpty)
    }

    // MARK: Finding 9: the idle dialog, score buttons, long names, languages

    @Test func theIdleDialogHasOneLiveButtonAndNoDeadCopyBehindIt() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        _ = flow.handle(.tick, at: Self.at(27))
        #expect(flow.warningIdle)
        for (columns, rows) in [(80, 24), (60, 20), (120, 40)] {
            let rendered = KioskRenderer(officeName: "O").render(flow, columns: columns, rows: rows, clock: "08:00")
            let copies = rendered.canvas.text.components(separatedBy: "Sí, continuar").count - 1
            #expect(copies == 1, "\(columns)×\(rows):\n\(rendered.canvas.text)")
            #expect(rendered.hits.map(\.button) == [.moreTime])
        }
    }

    @Test func scoreButtonsShowTheScoreOnce() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .rate, at: 1)
        _ = flow.handle(.key(.text("P")), at: Self.at(2))
        _ = flow.handle(.key(.text("7")), at: Self.at(2))
        _ = flow.handle(.key(.enter), at: Self.at(2))
        _ = flow.handle(.ratingTarget(.rateable(label: "P-007")), at: Self.at(3))
        for (columns, rows) in [(80, 24), (40, 16), (120, 40)] {
            let text = Self.text(flow, columns, rows)
            for score in 1...10 {
                #expect(!text.contains("\(score)  \(score)") && !text.contains("[\(score)] \(score)"), "\(columns)×\(rows):\n\(text)")
            }
            #expect(text.contains(" 10 "), "\(text)")
        }
    }

    /// Every screen with buttons, in both languages.
    static func everyScreen() -> [KioskFlow] {
        var screens: [KioskFlow] = []
        for language in Language.allCases {
            var flow = Self.flow()
            if language == .english { _ = Self.tap(&flow, .language, at: 0.5) }
            screens.append(flow)
            var choose = flow
            _ = Self.tap(&choose, .takeTurn, at: 1)
            screens.append(choose)
            var ask = choose
            _ = Self.tap(&ask, .service("financiacion"), at: 2)
            screens.append(ask)
            var rate = flow
            _ = Self.tap(&rate, .rate, at: 1)
            screens.append(rate)
            var score = rate
            _ = score.handle(.key(.text("P")), at: Self.at(2))
            _ = score.handle(.key(.text("7")), at: Self.at(2))
            _ = score.handle(.key(.enter), at: Self.at(2))
            _ = score.handle(.ratingTarget(.rateable(label: "P-007")), at: Self.at(3))
            screens.append(score)
            var account = flow
            _ = Self.tap(&account, .printCoupon, at: 1)
            screens.append(account)
        }
        return screens
    }

    @Test(arguments: [(80, 24), (60, 24), (60, 20), (100, 30)])
    func namesAndButtonLabelsAreNeverCut(columns: Int, rows: Int) {
        for flow in Self.everyScreen() {
            let rendered = KioskRenderer(officeName: "Oficina Centro").render(flow, columns: columns, rows: rows, clock: "08:00")
            let text = rendered.canvas.text
            #expect(!text.contains("…"), "\(columns)×\(rows) \(flow.screen):\n\(text)")
            let language = flow.language == .spanish ? "English" : "Español"
            #expect(text.contains(language), "\(columns)×\(rows) \(flow.screen):\n\(text)")
            if flow.screen == .chooseService {
                // Every word of every service name is on screen, inside the button it names.
                for service in Self.services {
                    let name = service.name.text(in: flow.language)
                    let hit = rendered.hits.first { $0.button == .service(service.code) }
                    #expect(hit != nil, "\(name) has no button")
                    guard let hit else { continue }
                    var inside = ""
                    for row in hit.rect.row..<(hit.rect.row + hit.rect.height) {
                        for column in hit.rect.column..<(hit.rect.column + hit.rect.width) {
                            inside.append(rendered.canvas[column, row].character)
                        }
                        inside.append(" ")
                    }
                    for word in name.split(separator: " ") {
                        #expect(inside.contains(word), "\(columns)×\(rows): '\(word)' of '\(name)' not in its button")
                    }
                }
            }
        }
    }

    @Test(arguments: [(80, 24), (40, 16), (30, 10)])
    func outOfServiceSpeaksBothLanguages(columns: Int, rows: Int) {
        var flow = Self.flow()
        _ = Self.tap(&flow, .language, at: 1)
        _ = flow.handle(.health(.paperOut), at: Self.at(2))
        let text = Self.text(flow, columns, rows)
        for line in ["FUERA DE SERVICIO", "OUT OF SERVICE", "La impresora no tiene papel", "The printer is out of paper"] {
            #expect(text.contains(line), "\(columns)×\(rows) lacks '\(line)':\n\(text)")
        }
        if columns >= 40 {
            #expect(text.contains("diríjase al mostrador") && text.contains("go to the counter"), "\(text)")
        }
    }

    @Test func theBoardShowsWhoWaitsForEachServiceBeforeTheFirstCall() {
        let waiting = [
            BoardWaiting(serviceName: "Pagos y cupones", count: 3), BoardWaiting(serviceName: "Reclamos y PQR", count: 1),
            BoardWaiting(serviceName: "Servicios nuevos", count: 0),
        ]
        let canvas = BoardRenderer(officeName: "Oficina Centro").render(
            calls: [], waiting: waiting, columns: 80, rows: 24, now: Self.t0, clock: "08:00")
        let lines = canvas.text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("Pagos y cupones") && $0.hasSuffix("3") }, "\(canvas.text)")
        #expect(lines.contains { $0.contains("Reclamos y PQR") && $0.hasSuffix("1") }, "\(canvas.text)")
        #expect(canvas.text.contains("En espera / Waiting: 4"))
        // After the first call the counts stay on the bottom line.
        let call = BoardCall(label: "P-001", counterName: "Módulo 1", calledAt: Self.t0, preferential: false)
        let after = BoardRenderer(officeName: "O").render(calls: [call], waiting: waiting, columns: 80, rows: 24, now: Self.t0, clock: "")
        #expect(after.text.contains("Pagos y cupones 3") && after.text.contains("Reclamos y PQR 1"), "\(after.text)")
    }

    // MARK: Findings 3 and 7 as the front sees them

    @Test func theTicketIsIssuedInTheLanguageTheCustomerChose() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .language, at: 1)
        _ = Self.tap(&flow, .takeTurn, at: 2)
        _ = Self.tap(&flow, .service("reclamos"), at: 3)
        #expect(Self.tap(&flow, .no, at: 4) == [.issueTurn("reclamos", preferential: false, language: .english)])
    }

    @Test func aTicketThePrinterDidNotConfirmSendsTheCustomerToLookBeforeAnyReprint() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        _ = Self.tap(&flow, .service("pagos"), at: 2)
        _ = Self.tap(&flow, .no, at: 3)
        _ = flow.handle(.issueUnconfirmed(label: "P-004"), at: Self.at(9))
        #expect(flow.screen == .notice(.printUnconfirmed(label: "P-004")))
        let text = Self.text(flow)
        #expect(text.contains("Su turno: P-004") && text.contains("Si no salió"), "\(text)")
        #expect(!text.contains("no se pudo imprimir"), "it may well have printed")
    }
}
