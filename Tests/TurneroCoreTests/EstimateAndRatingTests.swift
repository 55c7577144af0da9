import Foundation
import Testing
import TurneroCore

@Suite("Wait estimate and ratings")
struct EstimateAndRatingTests {
    @Test func estimateIsHiddenBelowFiveSamplesOrWithoutCounters() {
        let estimator = WaitEstimator()
        #expect(estimator.estimate(ahead: 3, atCounters: 1, handlingTimes: [300, 300, 300, 300], counterCapacity: 1) == nil)
        #expect(estimator.estimate(ahead: 3, atCounters: 1, handlingTimes: Array(repeating: 300, count: 5), counterCapacity: 0) == nil)
    }

    @Test func estimateFollowsTheFormula() throws {
        // (A + ½B) × AHT / C = (4 + 1) × 6 min / 1.5 = 20 min → −20 % / +25 % on 5-minute steps: 15–25.
        let estimate = try #require(
            WaitEstimator().estimate(ahead: 4, atCounters: 2, handlingTimes: Array(repeating: 360, count: 8), counterCapacity: 1.5))
        #expect(estimate.pointMinutes == 20)
        #expect(estimate.text == "15–25 min")
    }

    @Test func estimateUsesOnlyTheLastTwentySamples() throws {
        let old = Array(repeating: 6000.0, count: 30)
        let recent = Array(repeating: 60.0, count: 20)
        let estimate = try #require(WaitEstimator().estimate(ahead: 1, atCounters: 0, handlingTimes: old + recent, counterCapacity: 1))
        #expect(estimate.pointMinutes == 1)
        #expect(estimate.lowerMinutes == 0 && estimate.upperMinutes == 5)
    }

    @Test(arguments: ["0", "11", "-3", "7.5", "abc", "", " ", "1e1", "007", "１"])
    func scoresOutsideOneToTenAreRejected(text: String) {
        #expect(RatingScore(parsing: text) == nil)
    }

    @Test func scoreCategoriesFollowTheNPSRule() throws {
        let rules = RatingRules()
        let categories = (1...10).map { RatingScore($0)!.category(rules: rules) }
        #expect(categories.prefix(6).allSatisfy { $0 == .detractor })
        #expect(categories[6] == .passive && categories[7] == .passive)
        #expect(categories[8] == .promoter && categories[9] == .promoter)
        #expect(try #require(RatingScore(parsing: " 10 ")).value == 10)
    }

    @Test func callbackDeadlineIsTwentyFourHours() {
        let turn = TurnReference(id: UUID(), label: "P-001", service: "pagos")
        let callback = Callback(id: UUID(), turn: turn, score: 3, openedAt: Fixtures.t0, rules: RatingRules())
        #expect(callback.deadline.timeIntervalSince(Fixtures.t0) == 86_400)
        #expect(!callback.isOverdue(at: Fixtures.t0.addingTimeInterval(86_399)))
        #expect(callback.isOverdue(at: Fixtures.t0.addingTimeInterval(86_401)))
    }
}
