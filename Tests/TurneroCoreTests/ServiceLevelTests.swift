import Foundation
import PropertyBased
import Testing
import TurneroCore

/// The office's total service level is the pooled figure of its service lines: every visit is
/// judged against its own service's target, never against the office default.
@Suite("Service level: one definition for the total and the service lines")
struct ServiceLevelTests {
    static let day = LocalDay(rawValue: "2026-11-17")!

    /// Three services with their own targets (5, 10 and 30 minutes; the office default is 15).
    static let office = OfficeConfiguration(
        officeId: "sl", officeName: "Nivel de servicio",
        services: [
            Service(code: "pagos", prefix: "P", name: .init(es: "Pagos", en: "Payments"), targetWaitMinutes: 5),
            Service(code: "reclamos", prefix: "R", name: .init(es: "Reclamos", en: "Claims"), targetWaitMinutes: 10),
            Service(code: "asesoria", prefix: "A", name: .init(es: "Asesoría", en: "Advice"), targetWaitMinutes: 30),
        ],
        counters: [Counter(number: 1, services: ["pagos", "reclamos", "asesoria"])], serviceLevelMinutes: 15)

    /// One visit: issued at `issued`, called `wait` minutes later (nil: abandoned after `wait`).
    struct Visit {
        var service: ServiceCode
        var issued: Double
        var wait: Double
        var called: Bool
    }

    static func report(_ visits: [Visit]) -> KPIReport {
        var events: [QueueEvent] = []
        func at(_ minute: Double, _ payload: QueueEvent.Payload) {
            events.append(QueueEvent(id: UUID(), occurredAt: Fixtures.t0.addingTimeInterval(minute * 60), day: day, payload: payload))
        }
        for (index, visit) in visits.enumerated() {
            let turn = TurnReference(id: UUID(), label: "X-\(index)", service: visit.service)
            at(visit.issued, .turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil))
            if visit.called {
                at(visit.issued + visit.wait, .turnCalled(turn: turn, counter: 1, call: 1))
                at(visit.issued + visit.wait + 1, .turnStarted(turn: turn, counter: 1))
                at(visit.issued + visit.wait + 3, .turnFinished(turn: turn, counter: 1, outcome: .resolved))
            } else {
                at(visit.issued + visit.wait, .turnAbandoned(turn: turn))
            }
        }
        events.sort { $0.occurredAt < $1.occurredAt }
        return KPICalculator(configuration: office).report(events: events, day: day, until: Fixtures.t0.addingTimeInterval(86_000))
    }

    /// The case of the finding: rows 3/4, 2/2 and 0/1 make 5/7 (71 %), not 57 %.
    @Test func totalPoolsTheServiceRows() throws {
        let visits = [
            // pagos, target 5: waits 2, 4, 5 hit; 12 misses (12 ≤ 15 would have hit the default).
            Visit(service: "pagos", issued: 0, wait: 2, called: true),
            Visit(service: "pagos", issued: 1, wait: 4, called: true),
            Visit(service: "pagos", issued: 2, wait: 5, called: true),
            Visit(service: "pagos", issued: 3, wait: 12, called: true),
            // asesoria, target 30: waits 20 and 25 hit (both miss the default of 15).
            Visit(service: "asesoria", issued: 4, wait: 20, called: true),
            Visit(service: "asesoria", issued: 5, wait: 25, called: true),
            // reclamos, target 10: 11 misses (it would hit the default).
            Visit(service: "reclamos", issued: 6, wait: 11, called: true),
        ]
        let report = Self.report(visits)
        func line(_ code: ServiceCode) throws -> KPISet { try #require(report.services.first { $0.service == code }).kpis }
        #expect(try (line("pagos").serviceLevelHits, line("pagos").serviceLevelJudged) == (3, 4))
        #expect(try (line("asesoria").serviceLevelHits, line("asesoria").serviceLevelJudged) == (2, 2))
        #expect(try (line("reclamos").serviceLevelHits, line("reclamos").serviceLevelJudged) == (0, 1))
        #expect((report.total.serviceLevelHits, report.total.serviceLevelJudged) == (5, 7))
        #expect(report.total.serviceLevel == 5.0 / 7)
    }

    /// For any day, the total's hits and judged visits are the sums of the service lines', and
    /// its share is their quotient.
    @Test func totalEqualsPooledServiceLinesForAnyDay() async {
        let services: [ServiceCode] = ["pagos", "reclamos", "asesoria"]
        // Each seed decodes to a visit: service, arrival minute, wait in half minutes, called or abandoned.
        await propertyCheck(count: 300, input: Gen.int(in: 0...9_999_999).array(of: 0...40)) { seeds in
            let visits = seeds.map { seed in
                Visit(service: services[seed % 3], issued: Double(seed / 3 % 300), wait: Double(seed / 900 % 91) / 2,
                      called: seed / 81_900 % 5 != 0)
            }
            let report = Self.report(visits)
            let hits = report.services.reduce(0) { $0 + $1.kpis.serviceLevelHits }
            let judged = report.services.reduce(0) { $0 + $1.kpis.serviceLevelJudged }
            #expect(report.total.serviceLevelHits == hits)
            #expect(report.total.serviceLevelJudged == judged)
            #expect(report.total.serviceLevel == (judged == 0 ? nil : Double(hits) / Double(judged)))
            for line in report.services where line.kpis.serviceLevelJudged > 0 {
                #expect(line.kpis.serviceLevel == Double(line.kpis.serviceLevelHits) / Double(line.kpis.serviceLevelJudged))
            }
        }
    }
}
