import Foundation
import Testing
import TurneroCore
@testable import TerminalFront

/// Issue 17: the ticket's QR read by a scanner at the kiosk (it types the payload and Enter), or
/// its text typed by hand, goes straight to rating.
@Suite("Scanning a ticket's QR at the kiosk")
struct ScannedTicketTests {
    static let t0 = RenderPreviewTests.t0

    static func type(_ text: String, into flow: inout KioskFlow) -> [FlowEffect] {
        for character in text { _ = flow.handle(.key(.text(character)), at: t0) }
        return flow.handle(.key(.enter), at: t0)
    }

    @Test("the offline payload on the home screen and the label screen asks for the score", arguments: [false, true])
    func offlinePayload(onLabelScreen: Bool) {
        var flow = KioskFlowTests.flow()
        if onLabelScreen { _ = KioskFlowTests.tap(&flow, .rate, at: 0) }
        let effects = Self.type("P-042 48213", into: &flow)
        #expect(effects == [.lookUpTurnForRating(label: "P-042", code: "48213")])
        #expect(flow.screen == .rateEnterCode(label: "P-042"))
        _ = flow.handle(.ratingTarget(.rateable(label: "P-042")), at: Self.t0)
        #expect(flow.screen == .rateScore(label: "P-042", code: "48213"))
    }

    @Test func aLinkIsResolvedByTheOfficeThenRated() {
        var flow = KioskFlowTests.flow()
        let effects = Self.type("https://turnos.example.co/t/k5mzq3x7wbtr2hd4nc6vyplfga", into: &flow)
        #expect(effects == [.resolveTicketLink(token: "k5mzq3x7wbtr2hd4nc6vyplfga")])
        let lookup = flow.handle(.ticketLinkResolved(ScannedTicket(label: "P-042", code: "48213")), at: Self.t0)
        #expect(lookup == [.lookUpTurnForRating(label: "P-042", code: "48213")])
        _ = flow.handle(.ratingTarget(.rateable(label: "P-042")), at: Self.t0)
        #expect(flow.screen == .rateScore(label: "P-042", code: "48213"))
    }

    @Test func anUnknownLinkSaysNotFound() {
        var flow = KioskFlowTests.flow()
        _ = Self.type("https://turnos.example.co/t/k5mzq3x7wbtr2hd4nc6vyplfga", into: &flow)
        _ = flow.handle(.ticketLinkResolved(nil), at: Self.t0)
        #expect(flow.screen == .notice(.turnNotFound))
    }

    @Test func aLateAnswerAfterTheCustomerMovedOnIsIgnored() {
        var flow = KioskFlowTests.flow()
        _ = Self.type("https://turnos.example.co/t/k5mzq3x7wbtr2hd4nc6vyplfga", into: &flow)
        _ = KioskFlowTests.tap(&flow, .takeTurn, at: 1)
        #expect(flow.handle(.ticketLinkResolved(ScannedTicket(label: "P-042", code: "48213")), at: Self.t0).isEmpty)
        #expect(flow.screen == .chooseService)
    }

    @Test func buttonsStillAnswerTheirNumbers() {
        var flow = KioskFlowTests.flow()
        _ = Self.type("1", into: &flow)
        #expect(flow.screen == .chooseService)
    }
}
