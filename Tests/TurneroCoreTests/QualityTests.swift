import Foundation
import Testing
import TurneroCore

/// The monthly report's pooling and targets, and the reproducible audit sample (issue 16).
@Suite("Monthly report and audit sample")
struct QualityTests {
    static func set(
        hits: Int, judged: Int, called: Int, wait: Double, ratings: Int, nps: Double, served: Int, typed: Int, fcr: Int,
        reached: Int, worked: Int
    ) -> KPISet {
        var set = KPISet(serviceLevelMinutes: 15)
        (set.serviceLevelHits, set.serviceLevelJudged, set.called, set.waitAverage) = (hits, judged, called, wait * 60)
        (set.ratings, set.nps, set.served, set.typedRequests, set.firstContactResolutions) = (ratings, nps, served, typed, fcr)
        (set.callbacksReached, set.callbacksWorked) = (reached, worked)
        return set
    }

    /// Two offices: pooled over their own counts, never an average of averages.
    @Test func officesArePooledByTheirCounts() {
        let a = Self.set(hits: 80, judged: 100, called: 100, wait: 10, ratings: 40, nps: 50, served: 90, typed: 50, fcr: 40, reached: 8, worked: 10)
        let b = Self.set(hits: 10, judged: 50, called: 50, wait: 22, ratings: 10, nps: -10, served: 40, typed: 0, fcr: 0, reached: 1, worked: 2)
        let pooled = KPISet.pooled([a, b], serviceLevelMinutes: 15)
        #expect(pooled.serviceLevel == 90.0 / 150)
        let expectedWait: Double = 14 * 60  // (10·100 + 22·50) ÷ 150 minutes
        let expectedNPS: Double = 38  // (50·40 − 10·10) ÷ 50
        #expect(pooled.waitAverage == expectedWait)
        #expect(pooled.nps == expectedNPS)
        #expect(pooled.ratingResponseRate == 50.0 / 130)
        #expect(pooled.firstContactResolution == 40.0 / 50)
        #expect(pooled.callbackEffectiveContact == 9.0 / 12)
        let results = Indicator.allCases.map { IndicatorResult(indicator: $0, value: $0.value(in: pooled), target: IndicatorTargets().target($0), previous: $0.value(in: a)) }
        #expect(results.map(\.met) == [false, true, false, true, true, false])  // 60% < 80, 14 ≤ 15, 38 < 50, 38% ≥ 30, 80 ≥ 80, 75 < 80
        #expect(results[1].change == 4)  // 14 − 10 minutes
    }

    @Test func aMonthOfTheHandComputedDay() throws {
        let month = ReportMonth(rawValue: "2026-11")!
        #expect(month.firstDay.rawValue == "2026-11-01" && month.lastDay.rawValue == "2026-11-30" && month.days.count == 30)
        #expect(ReportMonth(rawValue: "2026-01")!.previous.rawValue == "2025-12" && ReportMonth(rawValue: "2026-13") == nil)
        // The previous month: one turn served with a 20-minute wait.
        let old = UUID()
        let oct = LocalDay(rawValue: "2026-10-20")!
        let t = Fixtures.t0.addingTimeInterval(-28 * 86_400)
        let turn = TurnReference(id: old, label: "P-001", service: "pagos")
        let previous = [
            QueueEvent(id: UUID(), occurredAt: t, day: oct, payload: .turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil)),
            QueueEvent(id: UUID(), occurredAt: t.addingTimeInterval(1200), day: oct, payload: .turnCalled(turn: turn, counter: 1, call: 1)),
        ]
        let audit = AuditRecord(
            id: UUID(), month: month, agent: "ana", turn: turn, answers: ["bienvenida": .met, "trato": .notMet, "escalamiento": .notApplicable],
            auditor: "calidad", recordedAt: Fixtures.t0)
        let report = MonthlyQualityReport(
            month: month,
            offices: [.init(configuration: Fixtures.office, events: AgentKPITests.events, previousEvents: previous, audits: [audit])],
            targets: IndicatorTargets(), now: Fixtures.t0.addingTimeInterval(40 * 86_400))
        let office = try #require(report.offices.first)
        let wait = try #require(office.indicators.first { $0.indicator == .averageWait })
        // Waits of the day: 5, 4, 11, 12, 14, 1 → 47 / 6 minutes; last month 20.
        #expect(((wait.value ?? 0) * 1000).rounded() / 1000 == 7.833 && wait.previous == 20 && wait.met == true)
        let fcr = office.indicators.first { $0.indicator == .firstContactResolution }?.value ?? 0
        #expect(abs(fcr - 100.0 / 3) < 1e-9)
        #expect(office.agents.map(\.agent) == ["ana", "luis", nil])
        #expect(office.audits == [AgentAuditScore(agent: "ana", audits: 1, score: 50)])
        #expect(office.daily.count == 30 && office.daily[16].served == 5 && office.daily[15].served == 0)
        #expect(report.consolidated.indicators == office.indicators)
        #expect(report.consolidated.daily[16].waitAverage == office.daily[16].waitAverage)
    }

    static let attentions: [Attention] = (0..<12).map { index in
        Attention(
            turn: TurnReference(id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index))!, label: "P-\(index)", service: "pagos"),
            day: LocalDay(rawValue: "2026-11-17")!, agent: index < 10 ? "ana" : "luis", counter: 1, calledAt: nil,
            finishedAt: Fixtures.t0.addingTimeInterval(Double(index) * 600), wait: 60, handling: 300, rating: nil)
    }

    @Test func theSampleIsReproducibleAndOnlyTheAgents() {
        let sample = AuditSampler.sample(Self.attentions, agent: "ana", month: "2026-11", size: 4)
        #expect(sample.count == 4 && Set(sample.map(\.turn.id)).count == 4 && sample.allSatisfy { $0.agent == "ana" })
        // The same draw from the same attentions listed in any order, on any machine.
        #expect(AuditSampler.sample(Self.attentions.reversed(), agent: "ana", month: "2026-11", size: 4) == sample)
        // Pinned: the sample of a month must never change under a later version.
        #expect(sample.map(\.turn.label) == ["P-3", "P-5", "P-7", "P-0"])
        #expect(AuditSampler.sample(Self.attentions, agent: "ana", month: "2026-12", size: 4) != sample)
        #expect(AuditSampler.sample(Self.attentions, agent: "luis", month: "2026-11", size: 4).map(\.turn.label).sorted() == ["P-10", "P-11"])
        #expect(AuditSampler.sample(Self.attentions, agent: "ana", month: "2026-11", size: 0).isEmpty)
    }

    /// Over many months every attention has its fair chance (4 of 10: 40 %).
    @Test func everyAttentionHasItsChance() {
        var picked: [String: Int] = [:]
        for year in 2000..<2100 {
            for month in 1...12 {
                let name = String(format: "%04d-%02d", year, month)
                for attention in AuditSampler.sample(Self.attentions, agent: "ana", month: name, size: 4) {
                    picked[attention.turn.label, default: 0] += 1
                }
            }
        }
        #expect(picked.count == 10)
        for (label, count) in picked { #expect((400...560).contains(count), "\(label): \(count) of 1200") }
    }

    @Test func targetsAreCheckedAndDefaulted() throws {
        #expect(IndicatorTargets().problem == nil)
        #expect(IndicatorTargets(nps: 150).problem == "nps: must be within -100–100")
        #expect(IndicatorTargets(serviceLevel: .nan).problem != nil && IndicatorTargets(averageWait: -1).problem != nil)
        let partial = try JSONDecoder().decode(IndicatorTargets.self, from: Data(#"{"averageWait":12}"#.utf8))
        #expect(partial.averageWait == 12 && partial.serviceLevel == 80)
        // The example settings file of the centre parses with its targets.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("kiosk-scripts/config/central.example.json")
        struct Settings: Decodable { struct Quality: Decodable { var targets: IndicatorTargets; var audits: AuditChecklist }; var quality: Quality }
        let example = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: url)).quality
        #expect(example.targets == IndicatorTargets() && example.audits == AuditChecklist())
    }

    @Test func auditScoresAndChecklist() {
        let checklist = AuditChecklist()
        #expect(checklist.items.map(\.code) == ["bienvenida", "respuesta-efectiva", "registro", "escalamiento", "trato"])
        #expect(checklist.problem == nil)
        #expect(checklist.problem(with: ["bienvenida": .met]) != nil)
        #expect(checklist.problem(with: Dictionary(uniqueKeysWithValues: checklist.items.map { ($0.code, AuditAnswer.met) }).merging(["x": .met]) { $1 }) != nil)
        #expect(AuditChecklist.score(["a": .met, "b": .notMet, "c": .met, "d": .notApplicable]) == 200.0 / 3)
        #expect(AuditChecklist.score(["a": .notApplicable]) == nil)
    }
}
