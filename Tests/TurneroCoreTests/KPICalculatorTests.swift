import Foundation
import Testing
import TurneroCore

/// A hand-computed office day. Times are minutes after `Fixtures.t0`; the expected figures are
/// worked out in the comments, not by the code under test.
@Suite("KPIs against a hand-computed day")
struct KPICalculatorTests {
    static let day = LocalDay(rawValue: "2026-11-17")!

    struct Script {
        var events: [QueueEvent] = []
        mutating func at(_ minute: Double, _ payload: QueueEvent.Payload) {
            events.append(QueueEvent(id: UUID(), occurredAt: Fixtures.t0.addingTimeInterval(minute * 60), day: day, payload: payload))
        }
    }

    static func ref(_ label: String, _ service: ServiceCode, _ id: UUID) -> TurnReference {
        TurnReference(id: id, label: label, service: service)
    }

    static let report: KPIReport = {
        let (a, b, c, d, e, f) = (UUID(), UUID(), UUID(), UUID(), UUID(), UUID())
        let callback = UUID()
        var s = Script()
        s.at(0, .counterOpened(counter: 1))
        s.at(0, .counterOpened(counter: 2))
        // A: pagos, W=4, walk 1, S=6, rated 9. Printed estimate 0–5 (point 3): error 1, inside.
        s.at(0, .turnIssued(turn: ref("P-001", "pagos", a), preferential: false, ahead: 0,
                            estimate: WaitEstimate(lowerMinutes: 0, upperMinutes: 5, pointMinutes: 3)))
        // B: pagos preferential, W=11, recalled, walk 1 (from the recall), S=5, rated 5 (detractor).
        s.at(1, .turnIssued(turn: ref("P-002", "pagos", b), preferential: true, ahead: 1, estimate: nil))
        // C: pagos, W=19, no-show. Printed 10–15 (point 12): error 7, outside.
        s.at(2, .turnIssued(turn: ref("P-003", "pagos", c), preferential: false, ahead: 2,
                            estimate: WaitEstimate(lowerMinutes: 10, upperMinutes: 15, pointMinutes: 12)))
        // D: reclamos W=3, walk 1, S=3, transferred at 10 to pagos: W=15, walk 1, S=4, rated 7.
        s.at(3, .turnIssued(turn: ref("R-001", "reclamos", d), preferential: false, ahead: 0, estimate: nil))
        s.at(4, .turnCalled(turn: ref("P-001", "pagos", a), counter: 1, call: 1))
        s.at(5, .turnStarted(turn: ref("P-001", "pagos", a), counter: 1))
        // E: reclamos, cancelled before any call.
        s.at(5, .turnIssued(turn: ref("R-002", "reclamos", e), preferential: false, ahead: 1, estimate: nil))
        // F: pagos, never called, abandoned at minute 100 (waited 94 > every threshold).
        s.at(6, .turnIssued(turn: ref("P-004", "pagos", f), preferential: false, ahead: 3, estimate: nil))
        s.at(6, .turnCalled(turn: ref("R-001", "reclamos", d), counter: 2, call: 1))
        s.at(7, .turnStarted(turn: ref("R-001", "reclamos", d), counter: 2))
        s.at(8, .turnCancelled(turn: ref("R-002", "reclamos", e)))
        s.at(10, .turnTransferred(turn: ref("R-001", "reclamos", d), counter: 2, to: "pagos"))
        s.at(11, .turnFinished(turn: ref("P-001", "pagos", a), counter: 1, outcome: .resolved))
        s.at(11.5, .turnRated(turn: ref("P-001", "pagos", a), score: 9))
        s.at(12, .turnCalled(turn: ref("P-002", "pagos", b), counter: 1, call: 1))
        s.at(14, .turnCalled(turn: ref("P-002", "pagos", b), counter: 1, call: 2))
        s.at(15, .turnStarted(turn: ref("P-002", "pagos", b), counter: 1))
        s.at(20, .turnFinished(turn: ref("P-002", "pagos", b), counter: 1, outcome: .pending))
        s.at(21, .turnRated(turn: ref("P-002", "pagos", b), score: 5))
        s.at(21, .callbackOpened(callback: callback, turn: ref("P-002", "pagos", b), score: 5,
                                 deadline: Fixtures.t0.addingTimeInterval(21 * 60 + 86_400)))
        s.at(21, .turnCalled(turn: ref("P-003", "pagos", c), counter: 1, call: 1))
        s.at(24, .turnNoShow(turn: ref("P-003", "pagos", c), counter: 1))
        s.at(25, .turnCalled(turn: ref("R-001", "pagos", d), counter: 1, call: 1))
        s.at(26, .turnStarted(turn: ref("R-001", "pagos", d), counter: 1))
        s.at(30, .turnFinished(turn: ref("R-001", "pagos", d), counter: 1, outcome: .resolved))
        s.at(31, .turnRated(turn: ref("R-001", "pagos", d), score: 7))
        s.at(50, .counterClosed(counter: 2))
        s.at(60, .callbackClosed(callback: callback, outcome: .contacted))
        s.at(100, .turnAbandoned(turn: ref("P-004", "pagos", f)))
        s.at(100, .counterClosed(counter: 1))
        return KPICalculator(configuration: Fixtures.office).report(
            events: s.events, day: day, until: Fixtures.t0.addingTimeInterval(200 * 60))
    }()

    static func minutes(_ value: Double?) -> Double? { value.map { ($0 / 60 * 1000).rounded() / 1000 } }
    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10000).rounded() / 10000 } }

    @Test func officeTotals() {
        let t = Self.report.total
        #expect(t.issued == 6)
        #expect(t.called == 5)  // visits: A, B, C, D in reclamos, D in pagos
        #expect((t.served, t.noShows, t.cancelled, t.abandoned) == (3, 1, 1, 1))
        #expect(Self.minutes(t.waitAverage) == 10.4)  // (4 + 11 + 19 + 3 + 15) / 5
        #expect(Self.minutes(t.waitMedian) == 11)  // rank ⌈0.5·5⌉ = 3 of 3,4,11,15,19
        #expect(Self.minutes(t.waitP90) == 19)  // rank ⌈0.9·5⌉ = 5
        #expect(Self.minutes(t.walkAverage) == 1)
        #expect(Self.minutes(t.serviceAverage) == 5)  // served visits: 6, 5, 4
        // Each visit against its own service's target (pagos 10, reclamos 15): A (4 ≤ 10) and
        // D in reclamos (3 ≤ 15) hit; B 11, C 19, D in pagos 15 miss against 10; F missed.
        #expect((t.serviceLevelHits, t.serviceLevelJudged) == (2, 6))
        #expect(Self.rounded(t.serviceLevel) == Self.rounded(2.0 / 6))
        #expect(t.noShowRate == 0.2)
        #expect(Self.rounded(t.abandonmentRate) == Self.rounded(2.0 / 6))
        #expect(t.ratings == 3 && t.ratingAverage == 7 && t.nps == 0)  // 1 promoter, 1 detractor
        #expect(t.ratingResponseRate == 1)
        #expect((t.callbacksOpened, t.callbacksClosedInTime, t.callbackSLA) == (1, 1, 1))
        #expect(t.estimateSamples == 2 && t.estimateErrorMinutes == 4 && t.estimateWithinRange == 0.5)
    }

    @Test func countersUtilisationAndThroughput() {
        let r = Self.report
        #expect(r.counterOpenHours == 2.5)  // 100 + 50 minutes
        #expect(Self.rounded(r.utilisation) == 0.12)  // (6 + 5 + 3 + 4) / 150
        #expect(Self.rounded(r.throughputPerCounterHour) == 1.2)  // 3 served / 2.5 h
    }

    @Test func perServiceUsesEachServiceTarget() throws {
        let pagos = try #require(Self.report.services.first { $0.service == "pagos" }?.kpis)
        #expect(pagos.serviceLevelMinutes == 10)
        #expect(pagos.issued == 5)  // A, B, C, F and D's transfer in
        #expect(pagos.called == 4)
        #expect(Self.minutes(pagos.waitAverage) == 12.25)  // 4, 11, 19, 15
        #expect(Self.minutes(pagos.waitMedian) == 11)
        #expect(Self.minutes(pagos.waitP90) == 19)
        #expect(pagos.serviceLevel == 0.2)  // only W=4 ≤ 10, out of 4 called + F
        #expect(pagos.noShowRate == 0.25)
        #expect(pagos.abandonmentRate == 0.2)
        let reclamos = try #require(Self.report.services.first { $0.service == "reclamos" }?.kpis)
        #expect(reclamos.serviceLevelMinutes == 15)
        #expect((reclamos.issued, reclamos.called, reclamos.served, reclamos.cancelled) == (2, 1, 0, 1))
        #expect(reclamos.serviceLevel == 1)
        #expect(reclamos.abandonmentRate == 0.5)
        #expect(reclamos.serviceAverage == nil && reclamos.ratingResponseRate == nil)
    }

    @Test func percentilesUseNearestRank() {
        #expect(Statistics.percentile([], 0.5) == nil)
        #expect(Statistics.percentile([7], 0.9) == 7)
        #expect(Statistics.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(Statistics.percentile([10, 1, 5, 3], 0.5) == 3)
    }
}
