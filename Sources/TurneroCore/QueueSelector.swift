public import Foundation

/// A waiting turn as the ordering rule sees it.
public struct QueueCandidate: Sendable, Hashable {
    /// Issue order: unique per database, so it also identifies the turn here; breaks ties
    /// between equal arrival times.
    public var order: Int64
    public var preferential: Bool
    /// When the customer joined the queue (kept across transfers and returns).
    public var queuedSince: Date

    public init(order: Int64, preferential: Bool, queuedSince: Date) {
        self.preferential = preferential
        self.queuedSince = queuedSince
        self.order = order
    }

    public var turnClass: TurnClass { preferential ? .preferential : .normal }

    /// FIFO order: earlier arrival first, then issue order.
    static func fifo(_ a: QueueCandidate, _ b: QueueCandidate) -> Bool {
        (a.queuedSince, a.order) < (b.queuedSince, b.order)
    }
}

/// Applies an `OrderingRule` to a set of waiting turns. Pure: no clock, no storage.
public struct QueueSelector: Sendable {
    /// Why a candidate was chosen (logged, and shown to staff on request).
    public enum Reason: String, Sendable, Hashable {
        case waitCap = "wait-cap"
        case ratio
        case onlyClassWaiting = "only-class-waiting"
    }

    /// The chosen turn, the reason and the counter's state after the call.
    public struct Selection: Sendable, Hashable {
        public var candidate: QueueCandidate
        public var reason: Reason
        public var nextState: OrderingState
    }

    public var rule: OrderingRule

    public init(rule: OrderingRule) { self.rule = rule }

    /// Picks the next turn among `candidates` for a counter in `state`, or `nil` if none wait.
    public func next(from candidates: [QueueCandidate], state: OrderingState, now: Date) -> Selection? {
        guard !candidates.isEmpty else { return nil }
        if let cap = rule.maxWaitMinutes {
            let limit = now.addingTimeInterval(-TimeInterval(cap * 60))
            let overCap = candidates.filter { $0.queuedSince <= limit }
            if let oldest = overCap.min(by: QueueCandidate.fifo) {
                return Selection(candidate: oldest, reason: .waitCap, nextState: state.after(calling: oldest.turnClass))
            }
        }
        let oldestPreferential = candidates.filter(\.preferential).min(by: QueueCandidate.fifo)
        let oldestNormal = candidates.filter { !$0.preferential }.min(by: QueueCandidate.fifo)
        let chosen: QueueCandidate
        let reason: Reason
        switch (oldestPreferential, oldestNormal) {
        case let (preferential?, normal?):
            chosen = classDue(after: state) == .preferential ? preferential : normal
            reason = .ratio
        case let (preferential?, nil):
            chosen = preferential
            reason = .onlyClassWaiting
        case let (nil, normal?):
            chosen = normal
            reason = .onlyClassWaiting
        case (nil, nil):
            return nil
        }
        return Selection(candidate: chosen, reason: reason, nextState: state.after(calling: chosen.turnClass))
    }

    /// The class the ratio pattern asks for when both classes wait.
    public func classDue(after state: OrderingState) -> TurnClass {
        switch state.lastClass {
        case nil: .preferential
        case .preferential?: state.runLength < rule.preferential ? .preferential : .normal
        case .normal?: state.runLength < rule.normal ? .normal : .preferential
        }
    }

    /// How many of `others` the rule would call before `target`, assuming no new arrivals and
    /// one counter starting from a fresh pattern. Used for "people ahead" on the ticket.
    ///
    /// Runs in O(n log n): both classes are sorted once and consumed from the front, which is
    /// exactly what repeated `next(from:)` calls would do.
    public func position(of target: QueueCandidate, among others: [QueueCandidate], now: Date) -> Int {
        let all = others.filter { $0.order != target.order } + [target]
        let preferential = all.filter(\.preferential).sorted(by: QueueCandidate.fifo)
        let normal = all.filter { !$0.preferential }.sorted(by: QueueCandidate.fifo)
        let limit = rule.maxWaitMinutes.map { now.addingTimeInterval(-TimeInterval($0 * 60)) }
        var p = 0
        var n = 0
        var state = OrderingState()
        var ahead = 0
        while p < preferential.count || n < normal.count {
            let headP = p < preferential.count ? preferential[p] : nil
            let headN = n < normal.count ? normal[n] : nil
            let takePreferential: Bool
            switch (headP, headN) {
            case let (a?, b?):
                if let limit, a.queuedSince <= limit || b.queuedSince <= limit {
                    takePreferential = QueueCandidate.fifo(a, b)
                } else {
                    takePreferential = classDue(after: state) == .preferential
                }
            case (_?, nil): takePreferential = true
            default: takePreferential = false
            }
            let chosen = takePreferential ? preferential[p] : normal[n]
            if chosen.order == target.order { return ahead }
            if takePreferential { p += 1 } else { n += 1 }
            state = state.after(calling: chosen.turnClass)
            ahead += 1
        }
        return ahead
    }
}
