import Foundation
import TurneroCore
import TurneroStore

/// A seeded office day on a real kiosk database (the queue store on a test clock): people
/// arrive from opening time, counters open and close, call, serve and mark no-shows, customers
/// rate (some low, which opens call-backs). Arrivals quicken towards the end so people are
/// still waiting when the day is cut off.
struct OfficeDaySimulation {
    /// How busy the office is.
    struct Plan {
        /// Arrivals per hour at the start; the last hour gets twice as many.
        var arrivalsPerHour: Double
        /// Counters open from the start.
        var counters: [Int]
        /// A counter that opens later, and when (minutes after opening).
        var lateCounter: (number: Int, afterMinutes: Double)?
        /// A counter that closes for lunch, and when.
        var lunchBreak: (number: Int, afterMinutes: Double)?
        var seed: UInt64
    }

    /// What the simulation left behind.
    struct Outcome {
        var issued = 0
        var served = 0
        var noShows = 0
        var ratings = 0
        var detractors = 0
        var countersOpen: Set<Int> = []
    }

    private enum CounterState {
        case idle
        case called(at: Date, turn: Turn)
        case serving(until: Date, turn: Turn)
    }

    /// Services by share of arrivals (the example office's codes).
    static let mix: [(String, Double)] = [
        ("pagos", 0.45), ("reclamos", 0.25), ("asesoria", 0.15), ("servicios-nuevos", 0.08), ("financiacion", 0.07),
    ]

    /// Runs the day from `opening` to `end` minute by minute; the clock ends at `end`.
    static func run(_ kiosk: TestKiosk, clock: TestClock, opening: Date, end: Date, plan: Plan) throws -> Outcome {
        var random = SplitMix64(seed: plan.seed)
        var outcome = Outcome()
        var counters: [Int: CounterState] = [:]
        let store = kiosk.store
        for number in plan.counters {
            clock.set(opening)
            try store.openCounter(number)
            counters[number] = .idle
        }
        let minutes = Int(end.timeIntervalSince(opening) / 60)
        for minute in 0..<minutes {
            let now = opening.addingTimeInterval(Double(minute) * 60 + Double.random(in: 0..<50, using: &random))
            clock.set(now)
            if let late = plan.lateCounter, Double(minute) == late.afterMinutes.rounded(.down) {
                try store.openCounter(late.number)
                counters[late.number] = .idle
            }
            if let lunch = plan.lunchBreak, Double(minute) >= lunch.afterMinutes, case .idle? = counters[lunch.number] {
                try store.closeCounter(lunch.number)
                counters[lunch.number] = nil
            }
            // Arrivals: a Bernoulli draw per ten seconds at the hour's rate, faster in the last hour.
            let rate = plan.arrivalsPerHour * (minutes - minute <= 60 ? 2 : 1)
            for _ in 0..<6 where Double.random(in: 0..<1, using: &random) < rate / 360 {
                _ = try store.issueTurn(service: ServiceCode(pick(&random)), preferential: Double.random(in: 0..<1, using: &random) < 0.1)
                outcome.issued += 1
            }
            for number in counters.keys.sorted() {
                try advance(counter: number, state: &counters[number]!, store: store, now: now, random: &random, outcome: &outcome)
            }
        }
        clock.set(end)
        outcome.countersOpen = Set(counters.keys)
        return outcome
    }

    private static func advance(
        counter number: Int, state: inout CounterState, store: QueueStore, now: Date, random: inout SplitMix64, outcome: inout Outcome
    ) throws {
        switch state {
        case .idle:
            guard !(try store.waitingTurns(counter: number)).isEmpty else { return }
            state = .called(at: now, turn: try store.call(counter: number).turn)
        case .called(let at, let turn):
            guard now.timeIntervalSince(at) >= 60 else { return }
            if Double.random(in: 0..<1, using: &random) < 0.08 {
                _ = try store.noShow(counter: number)
                outcome.noShows += 1
                state = .idle
            } else {
                _ = try store.start(counter: number)
                state = .serving(until: now.addingTimeInterval(Double.random(in: 240...900, using: &random)), turn: turn)
            }
        case .serving(let until, let turn):
            guard now >= until else { return }
            _ = try store.finish(counter: number)
            outcome.served += 1
            state = .idle
            guard Double.random(in: 0..<1, using: &random) < 0.6 else { return }
            let score = [10, 10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 1].randomElement(using: &random)!
            _ = try store.rate(.id(turn.id), score: RatingScore(score)!)
            outcome.ratings += 1
            if score <= 6 { outcome.detractors += 1 }
        }
    }

    private static func pick(_ random: inout SplitMix64) -> String {
        var draw = Double.random(in: 0..<1, using: &random)
        for (code, share) in mix {
            draw -= share
            if draw < 0 { return code }
        }
        return mix[0].0
    }
}
