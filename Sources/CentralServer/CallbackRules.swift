public import Foundation
public import TurneroCore

/// The detractor call-back rules the centre applies (pure; both storage backends use them).
public enum CallbackRules {
    /// Failed attempts after which a call-back closes as `not-contacted`.
    public static let maxFailedAttempts = 2
    /// Effective-contact target: share of closed call-backs where the customer was reached.
    public static let effectiveContactTarget = 0.8

    /// The outcome an attempt closes the call-back with, or nil when it stays open.
    /// - Parameter failedBefore: failed attempts recorded before this one.
    public static func outcome(after result: CallbackAttemptResult, failedBefore: Int) -> CallbackOutcome? {
        switch result {
        case .contacted: .contacted
        case .resolved: .resolved
        case .noAnswer: failedBefore + 1 >= maxFailedAttempts ? .notContacted : nil
        }
    }

    /// Call-back figures over a set of call-backs.
    public struct Summary: Sendable, Hashable {
        public var opened = 0
        public var open = 0
        /// Open and past the deadline.
        public var overdue = 0
        public var contacted = 0
        public var resolved = 0
        public var notContacted = 0
        /// Closed before the deadline.
        public var closedInTime = 0

        /// (contacted + resolved) ÷ closed; nil before any closed.
        public var effectiveContactRate: Double? {
            let closed = contacted + resolved + notContacted
            return closed == 0 ? nil : Double(contacted + resolved) / Double(closed)
        }

        /// Closed in time ÷ (closed + overdue): open ones not yet due have neither met nor missed it
        /// (the call-back SLA of docs/queue-rules.md).
        public var deadlinesMet: Double? {
            let decided = contacted + resolved + notContacted + overdue
            return decided == 0 ? nil : Double(closedInTime) / Double(decided)
        }
    }

    /// Summarises `callbacks` at `now`.
    public static func summary(_ callbacks: some Sequence<CallbackRecord>, at now: Date) -> Summary {
        var summary = Summary()
        for callback in callbacks {
            summary.opened += 1
            switch callback.outcome {
            case nil:
                summary.open += 1
                if callback.opening.deadline < now { summary.overdue += 1 }
            case .contacted?: summary.contacted += 1
            case .resolved?: summary.resolved += 1
            case .notContacted?: summary.notContacted += 1
            }
            if callback.metDeadline { summary.closedInTime += 1 }
        }
        return summary
    }
}
