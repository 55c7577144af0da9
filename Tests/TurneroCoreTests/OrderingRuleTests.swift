import Foundation
import PropertyBased
import Testing
import TurneroCore

@Suite("Ordering rule")
struct OrderingRuleTests {
    static func candidate(_ preferential: Bool, minutesAgo: Double, order: Int64, now: Date = Fixtures.t0) -> QueueCandidate {
        QueueCandidate(order: order, preferential: preferential, queuedSince: now.addingTimeInterval(-minutesAgo * 60))
    }

    /// Calls everyone from a fixed backlog and returns the class pattern ("PNN…").
    static func pattern(rule: OrderingRule, preferential: Int, normal: Int) -> String {
        var queue = (0..<preferential).map { candidate(true, minutesAgo: 5, order: Int64($0)) }
            + (0..<normal).map { candidate(false, minutesAgo: 5, order: Int64(100 + $0)) }
        var state = OrderingState()
        var result = ""
        let selector = QueueSelector(rule: rule)
        while let selection = selector.next(from: queue, state: state, now: Fixtures.t0) {
            result += selection.candidate.preferential ? "P" : "N"
            queue.removeAll { $0.order == selection.candidate.order }
            state = selection.nextState
        }
        return result
    }

    @Test func oneToTwoRatioAlternatesThenDrainsTheRest() {
        #expect(Self.pattern(rule: OrderingRule(preferential: 1, normal: 2), preferential: 3, normal: 8) == "PNNPNNPNNNN")
        #expect(Self.pattern(rule: OrderingRule(preferential: 2, normal: 3), preferential: 5, normal: 6) == "PPNNNPPNNNP")
    }

    @Test func fifoWithinClassUsesArrivalThenIssueOrder() {
        let older = Self.candidate(false, minutesAgo: 9, order: 5)
        let tieFirst = Self.candidate(false, minutesAgo: 3, order: 6)
        let tieSecond = Self.candidate(false, minutesAgo: 3, order: 7)
        let selector = QueueSelector(rule: OrderingRule())
        let first = selector.next(from: [tieSecond, tieFirst, older], state: OrderingState(), now: Fixtures.t0)
        #expect(first?.candidate == older)
        let second = selector.next(from: [tieSecond, tieFirst], state: OrderingState(), now: Fixtures.t0)
        #expect(second?.candidate == tieFirst)
    }

    @Test func waitCapOverridesTheRatio() {
        let rule = OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: 30)
        let preferential = Self.candidate(true, minutesAgo: 5, order: 2)
        let longWaiting = Self.candidate(false, minutesAgo: 31, order: 1)
        let selection = QueueSelector(rule: rule).next(from: [preferential, longWaiting], state: OrderingState(), now: Fixtures.t0)
        #expect(selection?.candidate == longWaiting)
        #expect(selection?.reason == .waitCap)
    }

    @Test func noCapMeansRatioOnly() {
        let rule = OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: nil)
        let preferential = Self.candidate(true, minutesAgo: 5, order: 2)
        let veryOld = Self.candidate(false, minutesAgo: 500, order: 1)
        #expect(QueueSelector(rule: rule).next(from: [preferential, veryOld], state: OrderingState(), now: Fixtures.t0)?.candidate == preferential)
    }

    /// Random office: arrivals of both classes and calls, interleaved. Each input integer is a
    /// step: `x % 3 == 0` a call, otherwise an arrival (preferential when `x % 5 == 1`), and
    /// `x % 7` minutes pass.
    @Test("ratio respected, FIFO within class, nobody past the cap while others are called")
    func randomArrivalsKeepTheRule() async {
        let steps = Gen.int(in: 0...9999).array(of: 1...250)
        let ratio = Gen.int(in: 1...4)
        let cap = Gen.int(in: 0...60)
        await propertyCheck(count: 300, input: steps, ratio, cap) { steps, ratioSeed, capMinutes in
            let rule = OrderingRule(
                preferential: 1 + ratioSeed % 2, normal: ratioSeed, maxWaitMinutes: capMinutes < 10 ? nil : capMinutes)
            let violations = Self.simulate(steps: steps, rule: rule)
            #expect(violations.isEmpty, "\(rule): \(violations.prefix(3))")
        }
    }

    /// Runs the steps through the selector and returns every broken invariant.
    static func simulate(steps: [Int], rule: OrderingRule) -> [String] {
        let selector = QueueSelector(rule: rule)
        var now = Fixtures.t0
        var queue: [QueueCandidate] = []
        var state = OrderingState()
        var order: Int64 = 0
        var ratioPreferentialRun = 0
        var ratioNormalRun = 0
        var violations: [String] = []
        for step in steps {
            now = now.addingTimeInterval(Double(step % 7) * 60)
            guard step % 3 == 0 else {
                order += 1
                queue.append(QueueCandidate(order: order, preferential: step % 5 == 1, queuedSince: now))
                continue
            }
            guard let selection = selector.next(from: queue, state: state, now: now) else {
                if !queue.isEmpty { violations.append("idle with \(queue.count) waiting") }
                continue
            }
            let chosen = selection.candidate
            let sameClass = queue.filter { $0.preferential == chosen.preferential }
            let overCap = rule.maxWaitMinutes.map { cap in queue.filter { now.timeIntervalSince($0.queuedSince) >= Double(cap * 60) } } ?? []
            if let oldestOverCap = overCap.min(by: { ($0.queuedSince, $0.order) < ($1.queuedSince, $1.order) }) {
                if chosen != oldestOverCap { violations.append("cap: called \(chosen.order) while \(oldestOverCap.order) waited past the cap") }
            } else if chosen != sameClass.min(by: { ($0.queuedSince, $0.order) < ($1.queuedSince, $1.order) }) {
                violations.append("FIFO: \(chosen.order) overtook its class")
            }
            let bothWaiting = queue.contains(where: \.preferential) && queue.contains { !$0.preferential }
            if overCap.isEmpty && bothWaiting {
                if chosen.preferential {
                    ratioPreferentialRun += 1
                    if ratioPreferentialRun > rule.preferential { violations.append("ratio: \(ratioPreferentialRun) preferential in a row") }
                } else {
                    ratioNormalRun += 1
                    if ratioNormalRun > rule.normal { violations.append("ratio: \(ratioNormalRun) normal in a row") }
                }
            }
            if chosen.preferential { ratioNormalRun = 0 } else { ratioPreferentialRun = 0 }
            queue.removeAll { $0.order == chosen.order }
            state = selection.nextState
        }
        return violations
    }

    @Test("position() agrees with calling one by one")
    func positionMatchesRepeatedSelection() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...9999).array(of: 1...60), Gen.int(in: 0...50)) { seeds, capSeed in
            let rule = OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: capSeed < 10 ? nil : capSeed)
            let selector = QueueSelector(rule: rule)
            let queue = seeds.enumerated().map { index, seed in
                Self.candidate(seed % 4 == 0, minutesAgo: Double(seed % 90), order: Int64(index))
            }
            guard let target = queue.last else { return }
            var remaining = queue
            var state = OrderingState()
            var expected = 0
            while let selection = selector.next(from: remaining, state: state, now: Fixtures.t0), selection.candidate != target {
                expected += 1
                remaining.removeAll { $0.order == selection.candidate.order }
                state = selection.nextState
            }
            #expect(selector.position(of: target, among: Array(queue.dropLast()), now: Fixtures.t0) == expected)
        }
    }
}
