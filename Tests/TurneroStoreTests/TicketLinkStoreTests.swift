import Foundation
import GRDB
import Testing
import TurneroCore
@testable import TurneroStore

/// Issue 17 on the kiosk's database: the ticket's link token, and what customers do on their
/// ticket's page coming back as the office's own events.
@Suite("Ticket links and requests from the ticket's page")
struct TicketLinkStoreTests {
    static func withCentre(_ base: String? = "https://turnos.example.co") -> OfficeConfiguration {
        var office = StoreFixture.office
        office.mobileTicket = MobileTicketSettings(baseURL: base)
        return office
    }

    @Test func tokensAreUnguessableBoundToOneTurnAndStable() throws {
        let fixture = try StoreFixture(configuration: Self.withCentre())
        let store = try fixture.store()
        let first = try store.issueTurn(service: "pagos", preferential: false)
        let second = try store.issueTurn(service: "pagos", preferential: false, language: .english)
        let token = try store.ticketToken(for: first.turn.id)
        #expect(TicketPayload.isToken(token))
        #expect(first.qrPayload == "https://turnos.example.co/t/\(token)")
        #expect(try store.ticketToken(for: first.turn.id) == token, "a reprint must carry the same link")
        #expect(try store.ticketToken(for: second.turn.id) != token)
        // Another database (another kiosk) gives another token for the same turn id: the key is its own.
        let other = try StoreFixture(configuration: Self.withCentre()).store()
        #expect(try other.ticketToken(for: first.turn.id) != token)
        // Only the token's hash travels, with the customer's language; nothing personal.
        let payloads = try store.outboxEntries().map(\.event.payload)
        guard case .turnIssued(_, _, _, _, let link?, let language?) = payloads[1] else {
            Issue.record("no link in \(payloads[1])")
            return
        }
        #expect(link == QueueStore.ticketTokenHash(try store.ticketToken(for: second.turn.id)) && language == .english)
        let json = try store.outboxEntries().map { String(decoding: try TurneroJSON.encoder().encode($0.event), as: UTF8.self) }
        #expect(!json.contains { $0.contains(token) }, "the token itself left the kiosk")
    }

    @Test func withoutACentreTheQRHoldsWhatTheRatingScreenReads() throws {
        let store = try StoreFixture(configuration: Self.withCentre(nil)).store()
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        #expect(ticket.qrPayload == "P-001 \(ticket.ratingCode)")
        #expect(TicketPayload.parse(ticket.qrPayload) == .code(label: "P-001", code: ticket.ratingCode))
    }

    @Test func aScannedLinkFindsTodaysTurnOnly() throws {
        let fixture = try StoreFixture(configuration: Self.withCentre())
        let store = try fixture.store()
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        let token = try store.ticketToken(for: ticket.turn.id)
        guard case .notServed(let turn) = try store.rateability(token: token) else {
            Issue.record("the token did not find its turn")
            return
        }
        #expect(turn.id == ticket.turn.id)
        #expect(try store.rateability(token: String(token.reversed())) == .notFound)
        #expect(try store.rateability(token: "not-a-token") == .notFound)
        fixture.advance(minutes: 24 * 60)
        #expect(try fixture.store().rateability(token: token) == .notFound, "a link works only on its office day")
    }

    @Test func aCancellationFromThePageCancelsAWaitingTurnOnly() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let first = try store.issueTurn(service: "pagos", preferential: false)
        let second = try store.issueTurn(service: "reclamos", preferential: false)
        let calledId = try store.call(counter: 2).turn.id
        let waitingId = calledId == first.turn.id ? second.turn.id : first.turn.id
        #expect(try store.recordTicketCancellation(turn: waitingId) == .recorded)
        #expect(try store.turn(.id(waitingId)).state == .cancelled)
        #expect(try store.recordTicketCancellation(turn: waitingId) == .moot, "twice cancels once")
        #expect(try store.recordTicketCancellation(turn: calledId) == .moot)
        #expect(try store.turn(.id(calledId)).state == .called)
        #expect(try store.recordTicketCancellation(turn: UUID()) == .unknownTurn)
        #expect(try store.outboxEntries().map(\.event.payload.type).filter { $0 == "turn.cancelled" }.count == 1)
    }

    @Test func aRatingFromThePageIsRecordedOnceWithItsCallBack() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        let waitingOne = try store.issueTurn(service: "reclamos", preferential: false)
        #expect(try store.recordTicketRating(turn: waitingOne.turn.id, score: RatingScore(9)!, callback: nil, contactGiven: false) == .moot)
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        _ = try store.finish(counter: 1)
        let callback = UUID()
        #expect(try store.recordTicketRating(turn: ticket.turn.id, score: RatingScore(2)!, callback: callback, contactGiven: true) == .recorded)
        #expect(try store.recordTicketRating(turn: ticket.turn.id, score: RatingScore(10)!, callback: nil, contactGiven: false) == .moot)
        #expect(try store.openCallbacks().map(\.id) == [callback])
        let types = try store.outboxEntries().map(\.event.payload.type)
        #expect(types.suffix(3) == ["turn.rated", "callback.opened", "callback.contact_given"])
        // The kiosk's own rating screen now says it is rated.
        #expect(try store.rateability(of: .id(ticket.turn.id)) == .alreadyRated(try store.turn(.id(ticket.turn.id))))
    }
}
