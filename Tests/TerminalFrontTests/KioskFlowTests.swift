import Foundation
import Testing
import TurneroCore
@testable import TerminalFront

@Suite("Customer front state machine")
struct KioskFlowTests {
    static let t0 = RenderPreviewTests.t0

    static func flow(_ options: KioskOptions = .init()) -> KioskFlow {
        KioskFlow(services: RenderPreviewTests.services, options: options, now: t0)
    }

    /// Press and release of `id` at `seconds` after t0.
    static func tap(_ flow: inout KioskFlow, _ id: ButtonID, at seconds: Double) -> [FlowEffect] {
        let now = t0.addingTimeInterval(seconds)
        _ = flow.handle(.press(id), at: now)
        return flow.handle(.release(id), at: now)
    }

    @Test func takingAPreferentialTurnAsksForTheIssue() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        #expect(flow.screen == .chooseService)
        _ = Self.tap(&flow, .service("reclamos"), at: 2)
        #expect(flow.screen == .askPreferential("reclamos"))
        let effects = Self.tap(&flow, .yes, at: 3)
        #expect(effects == [.issueTurn("reclamos", preferential: true, language: .spanish)])
        #expect(flow.screen == .printing)
        let ticket = TicketView(label: "R-001", serviceName: .init(es: "Reclamos", en: "Claims"), preferential: true, ahead: 0, estimate: nil)
        _ = flow.handle(.ticketIssued(ticket), at: Self.t0.addingTimeInterval(3.2))
        #expect(flow.screen == .ticket(ticket))
        // The ticket screen goes home by itself and wipes the screen for the next customer.
        #expect(flow.handle(.tick, at: Self.t0.addingTimeInterval(14)) == [.wipeScreen])
        #expect(flow.screen == .home)
    }

    @Test func aSecondTapWithinTheDebounceIsIgnored() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        // The same finger bouncing lands on the first service of the next screen.
        #expect(Self.tap(&flow, .service("pagos"), at: 1.2).isEmpty)
        #expect(flow.screen == .chooseService)
        _ = Self.tap(&flow, .service("pagos"), at: 1.6)
        #expect(flow.screen == .askPreferential("pagos"))
    }

    @Test func releaseOutsideThePressedButtonDoesNothing() {
        var flow = Self.flow()
        _ = flow.handle(.press(.takeTurn), at: Self.t0)
        #expect(flow.pressed == .takeTurn)
        _ = flow.handle(.release(.rate), at: Self.t0)
        #expect(flow.screen == .home && flow.pressed == nil)
    }

    @Test func typedNumberAndEnterActivatesAButton() {
        var flow = Self.flow()
        for character in "1" { _ = flow.handle(.key(.text(character)), at: Self.t0) }
        _ = flow.handle(.key(.enter), at: Self.t0)
        #expect(flow.screen == .chooseService)
        for character in "42" { _ = flow.handle(.key(.text(character)), at: Self.t0) }
        _ = flow.handle(.key(.enter), at: Self.t0)
        #expect(flow.screen == .chooseService, "no button 42: nothing happens")
        #expect(flow.typed.isEmpty)
    }

    @Test func controlKeysAreIgnored() {
        var flow = Self.flow()
        for byte: UInt8 in [0x03, 0x1A, 0x1C, 0x04] {
            #expect(flow.handle(.key(.control(byte)), at: Self.t0).isEmpty)
        }
        #expect(flow.screen == .home)
    }

    @Test func idleWarnsThenGoesHomeAndClearsTypedDigits() {
        var flow = Self.flow(KioskOptions(idleTimeout: 45, idleWarning: 20))
        _ = Self.tap(&flow, .rate, at: 1)
        for character in "P27" { _ = flow.handle(.key(.text(character)), at: Self.t0.addingTimeInterval(2)) }
        #expect(flow.typed == "P27")
        _ = flow.handle(.tick, at: Self.t0.addingTimeInterval(26.5))  // 24.5 s idle: not yet
        #expect(!flow.warningIdle)
        _ = flow.handle(.tick, at: Self.t0.addingTimeInterval(27.5))  // 25.5 s: 20 s before the timeout
        #expect(flow.warningIdle)
        #expect(flow.handle(.tick, at: Self.t0.addingTimeInterval(48)) == [.wipeScreen])
        #expect(flow.screen == .home && flow.typed.isEmpty && !flow.warningIdle)
    }

    @Test func moreTimeKeepsTheCustomerOnTheScreen() {
        var flow = Self.flow(KioskOptions(idleTimeout: 45, idleWarning: 20))
        _ = Self.tap(&flow, .takeTurn, at: 1)
        _ = flow.handle(.tick, at: Self.t0.addingTimeInterval(27))
        #expect(flow.warningIdle && flow.buttons.map(\.id) == [.moreTime])
        _ = Self.tap(&flow, .moreTime, at: 28)
        #expect(!flow.warningIdle && flow.screen == .chooseService)
        _ = flow.handle(.tick, at: Self.t0.addingTimeInterval(60))
        #expect(flow.screen == .chooseService)
    }

    @Test func printerProblemsTakeOverAndRecover() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        #expect(flow.handle(.health(.paperOut), at: Self.t0.addingTimeInterval(2)) == [.wipeScreen])
        #expect(flow.screen == .outOfService(.paperOut))
        #expect(flow.buttons.isEmpty)
        _ = flow.handle(.key(.text("1")), at: Self.t0.addingTimeInterval(3))
        #expect(flow.handle(.key(.enter), at: Self.t0.addingTimeInterval(3)).isEmpty)
        _ = flow.handle(.health(nil), at: Self.t0.addingTimeInterval(4))
        #expect(flow.screen == .home)
    }

    @Test func issueFailureForAPrinterReasonIsOutOfService() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        _ = Self.tap(&flow, .service("pagos"), at: 2)
        _ = Self.tap(&flow, .no, at: 3)
        _ = flow.handle(.issueFailed(.coverOpen, label: nil), at: Self.t0.addingTimeInterval(4))
        #expect(flow.screen == .outOfService(.coverOpen))
    }

    @Test func aCommittedTurnThatDidNotPrintIsToldToTheCustomer() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .takeTurn, at: 1)
        _ = Self.tap(&flow, .service("pagos"), at: 2)
        _ = Self.tap(&flow, .no, at: 3)
        _ = flow.handle(.issueFailed(.coverOpen, label: "P-004"), at: Self.t0.addingTimeInterval(4))
        #expect(flow.screen == .notice(.notPrinted(label: "P-004")))
        let text = KioskRenderer(officeName: "O").render(flow, columns: 80, rows: 24, clock: "").canvas.text
        #expect(text.contains("Su turno: P-004") && text.contains("no se pudo imprimir"))
    }

    @Test func ratingByLabelAndTicketCodeFromHome() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .rate, at: 1)
        for key in ["P", "2", "7"] { _ = Self.tap(&flow, .key(Character(key)), at: 2 + Double(flow.typed.count)) }
        #expect(flow.typed == "P27")
        // The label alone asks nothing of the store: the code printed on the ticket comes first.
        #expect(Self.tap(&flow, .submit, at: 9).isEmpty)
        #expect(flow.screen == .rateEnterCode(label: "P-027"))
        for key in "48213" { _ = Self.tap(&flow, .key(key), at: 10 + Double(flow.typed.count)) }
        #expect(Self.tap(&flow, .submit, at: 16) == [.lookUpTurnForRating(label: "P-027", code: "48213")])
        _ = flow.handle(.ratingTarget(.rateable(label: "P-027")), at: Self.t0.addingTimeInterval(16.1))
        #expect(flow.screen == .rateScore(label: "P-027", code: "48213"))
        #expect(Self.tap(&flow, .score(9), at: 17) == [.rate(label: "P-027", code: "48213", score: 9)])
        _ = flow.handle(.rated(callback: nil), at: Self.t0.addingTimeInterval(17.1))
        #expect(flow.screen == .thanks)
    }

    @Test func aShortOrWrongCodeNeverReachesTheStore() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .rate, at: 1)
        _ = flow.handle(.key(.text("P")), at: Self.t0.addingTimeInterval(2))
        _ = flow.handle(.key(.text("1")), at: Self.t0.addingTimeInterval(2.1))
        _ = flow.handle(.key(.enter), at: Self.t0.addingTimeInterval(2.2))
        _ = flow.handle(.key(.text("1")), at: Self.t0.addingTimeInterval(2.3))
        #expect(flow.handle(.key(.enter), at: Self.t0.addingTimeInterval(2.4)).isEmpty)
        #expect(flow.screen == .notice(.turnNotFound))
    }

    @Test func aDetractorIsAskedForConsentAndANumber() throws {
        var flow = Self.flow()
        _ = Self.tap(&flow, .rate, at: 1)
        for key in "P1" { _ = Self.tap(&flow, .key(key), at: 2 + Double(flow.typed.count)) }
        _ = Self.tap(&flow, .submit, at: 5)
        for key in "00001" { _ = Self.tap(&flow, .key(key), at: 6 + Double(flow.typed.count)) }
        _ = Self.tap(&flow, .submit, at: 12)
        _ = flow.handle(.ratingTarget(.rateable(label: "P-001")), at: Self.t0.addingTimeInterval(12.1))
        _ = Self.tap(&flow, .score(3), at: 13)
        let callback = UUID()
        _ = flow.handle(.rated(callback: callback), at: Self.t0.addingTimeInterval(13.1))
        guard case .contact(let request) = flow.screen else { Issue.record("no contact screen: \(flow.screen)"); return }
        #expect(request.step == .consent && request.callback == callback)
        let consent = KioskRenderer(officeName: "O").render(flow, columns: 80, rows: 24, clock: "").canvas.text
        #expect(consent.contains("¿Podemos llamarle?") && consent.contains("Ley 1581 de 2012") && consent.contains("No, gracias"))
        _ = Self.tap(&flow, .yes, at: 14)
        // A typed landline with the old 7 digits is refused with a clear line; nothing is saved.
        for key in "2345678" { _ = flow.handle(.key(.text(key)), at: Self.t0.addingTimeInterval(15)) }
        #expect(flow.handle(.key(.enter), at: Self.t0.addingTimeInterval(16)).isEmpty)
        let refused = KioskRenderer(officeName: "O").render(flow, columns: 80, rows: 24, clock: "").canvas.text
        #expect(refused.contains("no es válido"))
        for (index, key) in "3001234567".enumerated() { _ = Self.tap(&flow, .key(key), at: 17 + Double(index)) }
        let effects = Self.tap(&flow, .submit, at: 30)
        #expect(effects == [.saveContact(callback: callback, phone: try #require(ColombianPhone(parsing: "3001234567")))])
        #expect(flow.screen == .thanks)
    }

    @Test func aDetractorMayDecline() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .rate, at: 1)
        for key in "P1" { _ = Self.tap(&flow, .key(key), at: 2 + Double(flow.typed.count)) }
        _ = Self.tap(&flow, .submit, at: 5)
        for key in "00001" { _ = Self.tap(&flow, .key(key), at: 6 + Double(flow.typed.count)) }
        _ = Self.tap(&flow, .submit, at: 12)
        _ = flow.handle(.ratingTarget(.rateable(label: "P-001")), at: Self.t0.addingTimeInterval(12.1))
        _ = Self.tap(&flow, .score(2), at: 13)
        _ = flow.handle(.rated(callback: UUID()), at: Self.t0.addingTimeInterval(13.1))
        #expect(Self.tap(&flow, .no, at: 14).isEmpty)
        #expect(flow.screen == .thanks)
    }

    @Test(arguments: [("P27", "P-027"), ("p-027", "P-027"), ("RC 5", "RC-005"), ("27", nil), ("P", nil), ("P0", nil),
                      ("PPPP1", nil), (String(repeating: "9", count: 500), nil)])
    func labelsAreNormalised(typed: String, label: String?) {
        #expect(LabelInput.normalize(typed) == label)
    }

    @Test func englishSwitchAndBackToSpanishForTheNextCustomer() {
        var flow = Self.flow()
        _ = Self.tap(&flow, .language, at: 1)
        #expect(flow.language == .english)
        #expect(flow.buttons.first?.title == "Take a turn")
        _ = Self.tap(&flow, .takeTurn, at: 2)
        _ = Self.tap(&flow, .back, at: 3)
        #expect(flow.language == .spanish)
    }
}
