import Foundation
import Testing
import TurneroCore

/// The state a ticket's page shows, replayed from one kiosk's events (issue 17): the same
/// ordering and estimate the kiosk prints with, and the turn found only by its link's hash.
@Suite("Ticket status replayed from a kiosk's events")
struct TicketReplayTests {
    static let day = LocalDay(rawValue: "2026-11-17")!

    struct Stream {
        var replay = TicketReplay()
        var clock = Fixtures.t0

        mutating func add(_ payload: QueueEvent.Payload, after seconds: Double = 10) {
            clock = clock.addingTimeInterval(seconds)
            replay.record(QueueEvent(id: UUID(), occurredAt: clock, day: TicketReplayTests.day, payload: payload))
        }

        mutating func issue(_ label: String, service: ServiceCode = "pagos", link: String? = nil) -> TurnReference {
            let turn = TurnReference(id: UUID(), label: label, service: service)
            add(.turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil, link: link, language: .english))
            return turn
        }
    }

    @Test func aTurnFollowedFromIssueToRating() throws {
        var stream = Stream()
        stream.add(.counterOpened(counter: 1))
        let first = stream.issue("P-001")
        let mine = stream.issue("P-002", link: "hash-of-my-token")
        _ = stream.issue("R-001", service: "reclamos")
        #expect(stream.replay.turn(link: "hash-of-my-token") == mine.id)
        #expect(stream.replay.turn(link: "another") == nil)
        var status = try #require(stream.replay.status(of: mine.id, configuration: Fixtures.office, now: stream.clock))
        #expect(status.state == .waiting && status.ahead == 1 && status.language == .english && !status.rateable)
        // The turn ahead is served: nobody is ahead any more.
        stream.add(.turnCalled(turn: first, counter: 1, call: 1))
        stream.add(.turnStarted(turn: first, counter: 1))
        stream.add(.turnFinished(turn: first, counter: 1, outcome: .resolved), after: 300)
        status = try #require(stream.replay.status(of: mine.id, configuration: Fixtures.office, now: stream.clock))
        #expect(status.ahead == 0)
        stream.add(.turnCalled(turn: mine, counter: 1, call: 1))
        status = try #require(stream.replay.status(of: mine.id, configuration: Fixtures.office, now: stream.clock))
        #expect(status.state == .called(counter: 1) && status.ahead == nil)
        stream.add(.turnStarted(turn: mine, counter: 1))
        stream.add(.turnFinished(turn: mine, counter: 1, outcome: .resolved), after: 240)
        status = try #require(stream.replay.status(of: mine.id, configuration: Fixtures.office, now: stream.clock))
        #expect(status.state == .served && status.rateable && !status.rated)
        stream.add(.turnRated(turn: mine, score: 9))
        status = try #require(stream.replay.status(of: mine.id, configuration: Fixtures.office, now: stream.clock))
        #expect(!status.rateable && status.rated)
    }

    @Test func cancelledAndNoShowTurnsSaySoAndAreNotRateable() throws {
        var stream = Stream()
        let gone = stream.issue("P-001")
        let absent = stream.issue("P-002")
        stream.add(.turnCancelled(turn: gone))
        stream.add(.turnCalled(turn: absent, counter: 2, call: 1))
        stream.add(.turnNoShow(turn: absent, counter: 2))
        #expect(stream.replay.status(of: gone.id, configuration: Fixtures.office, now: stream.clock)?.state == .cancelled)
        let noShow = try #require(stream.replay.status(of: absent.id, configuration: Fixtures.office, now: stream.clock))
        #expect(noShow.state == .noShow && !noShow.rateable)
        #expect(stream.replay.status(of: UUID(), configuration: Fixtures.office, now: stream.clock) == nil)
    }

    @Test func theFirstTurnToClaimALinkKeepsIt() {
        var stream = Stream()
        let first = stream.issue("P-001", link: "same")
        _ = stream.issue("P-002", link: "same")
        #expect(stream.replay.turn(link: "same") == first.id)
    }
}
