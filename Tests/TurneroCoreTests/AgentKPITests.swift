import Foundation
import Testing
import TurneroCore

/// Per-agent figures against a hand-computed office day with two agents (issue 16). Times are
/// minutes after `Fixtures.t0`; the expected figures are worked out in the comments.
@Suite("Per-agent KPIs against a hand-computed day")
struct AgentKPITests {
    static let day = LocalDay(rawValue: "2026-11-17")!
    static let escalation = UUID()
    static let callback = UUID()

    struct Script {
        var events: [QueueEvent] = []
        mutating func at(_ minute: Double, _ payload: QueueEvent.Payload, by agent: AgentID? = nil) {
            events.append(QueueEvent(
                id: UUID(), occurredAt: Fixtures.t0.addingTimeInterval(minute * 60), day: day, payload: payload, agent: agent))
        }
    }

    static func ref(_ label: String, _ service: ServiceCode, _ id: UUID) -> TurnReference {
        TurnReference(id: id, label: label, service: service)
    }

    static let events: [QueueEvent] = {
        let (a, b, c, d, e, f) = (UUID(), UUID(), UUID(), UUID(), UUID(), UUID())
        var s = Script()
        s.at(0, .agentSignedIn(agent: "ana", counter: 1))
        s.at(0, .agentSignedIn(agent: "luis", counter: 2))
        s.at(0, .turnIssued(turn: ref("P-001", "pagos", a), preferential: false, ahead: 0, estimate: nil))
        s.at(1, .turnIssued(turn: ref("P-002", "pagos", b), preferential: false, ahead: 1, estimate: nil))
        s.at(2, .turnIssued(turn: ref("R-001", "reclamos", c), preferential: false, ahead: 0, estimate: nil))
        s.at(3, .turnIssued(turn: ref("P-003", "pagos", d), preferential: false, ahead: 2, estimate: nil))
        s.at(4, .turnIssued(turn: ref("P-004", "pagos", e), preferential: false, ahead: 3, estimate: nil))
        // A: ana, W=5, S=6, first contact, rated 9.
        s.at(5, .turnCalled(turn: ref("P-001", "pagos", a), counter: 1, call: 1), by: "ana")
        s.at(6, .turnStarted(turn: ref("P-001", "pagos", a), counter: 1), by: "ana")
        // C: luis, W=4, S=10, escalated to billing, rated 4 (detractor; call-back reached later).
        s.at(6, .turnCalled(turn: ref("R-001", "reclamos", c), counter: 2, call: 1), by: "luis")
        s.at(7, .turnStarted(turn: ref("R-001", "reclamos", c), counter: 2), by: "luis")
        s.at(12, .turnFinished(turn: ref("P-001", "pagos", a), counter: 1, outcome: .resolved), by: "ana")
        s.at(12, .requestTyped(turn: ref("P-001", "pagos", a), counter: 1, types: ["peticion"], resolution: .firstContact, escalation: nil), by: "ana")
        // B: ana, W=11, no-show.
        s.at(12, .turnCalled(turn: ref("P-002", "pagos", b), counter: 1, call: 1), by: "ana")
        s.at(13, .turnRated(turn: ref("P-001", "pagos", a), score: 9))
        s.at(14, .turnNoShow(turn: ref("P-002", "pagos", b), counter: 1), by: "ana")
        // D: ana, W=12, S=4, referred to the written channel, not rated.
        s.at(15, .turnCalled(turn: ref("P-003", "pagos", d), counter: 1, call: 1), by: "ana")
        s.at(16, .turnStarted(turn: ref("P-003", "pagos", d), counter: 1), by: "ana")
        s.at(17, .turnFinished(turn: ref("R-001", "reclamos", c), counter: 2, outcome: .pending), by: "luis")
        s.at(17, .requestTyped(turn: ref("R-001", "reclamos", c), counter: 2, types: ["reclamo"], resolution: .escalated, escalation: escalation), by: "luis")
        s.at(17, .escalationOpened(escalation: escalation, turn: ref("R-001", "reclamos", c), area: "facturacion", types: ["reclamo"],
                                   due: LocalDay(rawValue: "2026-12-09")!, contactGiven: true), by: "luis")
        s.at(18, .turnRated(turn: ref("R-001", "reclamos", c), score: 4))
        s.at(18, .callbackOpened(callback: callback, turn: ref("R-001", "reclamos", c), score: 4,
                                 deadline: Fixtures.t0.addingTimeInterval(18 * 60 + 86_400)))
        // E: luis, W=14, S=6, untyped, rated 10.
        s.at(18, .turnCalled(turn: ref("P-004", "pagos", e), counter: 2, call: 1), by: "luis")
        s.at(19, .turnStarted(turn: ref("P-004", "pagos", e), counter: 2), by: "luis")
        s.at(20, .turnFinished(turn: ref("P-003", "pagos", d), counter: 1, outcome: .referred), by: "ana")
        s.at(20, .requestTyped(turn: ref("P-003", "pagos", d), counter: 1, types: ["queja"], resolution: .writtenChannel, escalation: nil), by: "ana")
        // F: nobody signed in at counter 3: W=1, S=1.
        s.at(20, .turnIssued(turn: ref("P-005", "pagos", f), preferential: false, ahead: 0, estimate: nil))
        s.at(21, .turnCalled(turn: ref("P-005", "pagos", f), counter: 3, call: 1))
        s.at(21, .turnStarted(turn: ref("P-005", "pagos", f), counter: 3))
        s.at(22, .turnFinished(turn: ref("P-005", "pagos", f), counter: 3, outcome: .resolved))
        s.at(25, .turnFinished(turn: ref("P-004", "pagos", e), counter: 2, outcome: .resolved), by: "luis")
        s.at(26, .turnRated(turn: ref("P-004", "pagos", e), score: 10))
        s.at(30, .agentSignedOut(agent: "ana", counter: 1, reason: .signOut))
        s.at(40, .agentSignedOut(agent: "luis", counter: 2, reason: .dayClose))
        s.at(50, .callbackClosed(callback: callback, outcome: .escalated))
        return s.events
    }()

    static let until = Fixtures.t0.addingTimeInterval(60 * 60)
    static func minutes(_ value: Double?) -> Double? { value.map { ($0 / 60 * 1000).rounded() / 1000 } }

    @Test func anasFigures() throws {
        let lines = AgentKPICalculator(configuration: Fixtures.office).report(events: Self.events, until: Self.until)
        #expect(lines.map(\.agent) == ["ana", "luis", nil])
        let ana = lines[0]
        #expect(ana.attended == 2)  // A, D
        #expect(Self.minutes(ana.handlingAverage) == 5)  // (6 + 4) / 2
        #expect(ana.called == 3)  // A, B, D
        #expect(Self.minutes(ana.waitAverage) == 9.333)  // (5 + 11 + 12) / 3
        #expect(Self.minutes(ana.waitP90) == 12)  // rank ⌈0.9·3⌉ = 3
        #expect(ana.noShows == 1 && ana.noShowRate == 1.0 / 3)
        #expect(ana.ratings == 1 && ana.ratingAverage == 9 && ana.nps == 100)
        #expect(ana.typedRequests == 2 && ana.firstContactResolutions == 1 && ana.firstContactResolution == 0.5)
        #expect((ana.escalationsOpened, ana.escalationsOpen, ana.escalationsOverdue) == (0, 0, 0))
        #expect(ana.signedInHours == 0.5)
    }

    @Test func luisAndTheCounterWithNobody() throws {
        let lines = AgentKPICalculator(configuration: Fixtures.office).report(events: Self.events, until: Self.until)
        let luis = lines[1]
        #expect(luis.attended == 2 && Self.minutes(luis.handlingAverage) == 8)  // (10 + 6) / 2
        #expect(luis.called == 2 && Self.minutes(luis.waitAverage) == 9 && Self.minutes(luis.waitP90) == 14)
        #expect(luis.noShows == 0 && luis.noShowRate == 0)
        #expect(luis.ratings == 2 && luis.ratingAverage == 7 && luis.nps == 0)  // one promoter, one detractor
        #expect(luis.typedRequests == 1 && luis.firstContactResolution == 0)
        #expect((luis.escalationsOpened, luis.escalationsOpen, luis.escalationsOverdue) == (1, 1, 0))
        #expect(luis.signedInHours == 0.67)  // 40 min
        let nobody = lines[2]
        #expect(nobody.attended == 1 && nobody.called == 1 && Self.minutes(nobody.waitAverage) == 1 && nobody.ratings == 0)
    }

    /// Past the due day (Wednesday 9 December) the open escalation is overdue; once closed it
    /// is neither.
    @Test func escalationsOpenAndOverdue() {
        let calculator = AgentKPICalculator(configuration: Fixtures.office)
        let due = LocalDay(rawValue: "2026-12-09")!.interval(in: Fixtures.office.resolvedTimeZone)
        let lastMinute = calculator.report(events: Self.events, until: due.end.addingTimeInterval(-60))[1]
        #expect((lastMinute.escalationsOpen, lastMinute.escalationsOverdue) == (1, 0))
        let nextDay = calculator.report(events: Self.events, until: due.end.addingTimeInterval(3600))[1]
        #expect((nextDay.escalationsOpen, nextDay.escalationsOverdue) == (1, 1))
        var closed = Self.events
        closed.append(QueueEvent(id: UUID(), occurredAt: due.start, day: LocalDay(rawValue: "2026-12-09")!,
                                 payload: .escalationClosed(escalation: Self.escalation, answer: "Factura ajustada")))
        let afterClosing = calculator.report(events: closed, until: due.end.addingTimeInterval(3600))[1]
        #expect((afterClosing.escalationsOpened, afterClosing.escalationsOpen, afterClosing.escalationsOverdue) == (1, 0, 0))
    }

    @Test func officeFiguresForRequestsAndCallbacks() {
        let report = KPICalculator(configuration: Fixtures.office).report(events: Self.events, day: Self.day, until: Self.until)
        let t = report.total
        #expect(t.typedRequests == 3 && t.firstContactResolutions == 1)  // A first contact, C escalated, D written
        #expect(t.escalationsOpened == 1)
        #expect(t.callbacksWorked == 1 && t.callbacksReached == 1 && t.callbackEffectiveContact == 1)
        #expect(report.services.first { $0.service == "reclamos" }?.kpis.escalationsOpened == 1)
    }

    @Test func attentionsForAudits() {
        let attentions = AgentKPICalculator(configuration: Fixtures.office).attentions(events: Self.events)
        #expect(attentions.map(\.turn.label) == ["P-001", "R-001", "P-003", "P-004"])  // F has no agent
        let c = attentions[1]
        #expect(c.agent == "luis" && c.rating == 4 && c.types == ["reclamo"] && c.resolution == .escalated)
        #expect(Self.minutes(c.wait) == 4 && Self.minutes(c.handling) == 10 && c.day == Self.day)
    }
}
