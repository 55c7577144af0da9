public import Foundation
public import TurneroCore

/// The detractor procedure as pure rules: what an agent's attempt does to a call-back, who
/// gets new call-backs, and the figures the team is measured by. Both storage backends and the
/// dashboard use them; nothing here does I/O.
public enum CallbackRules {
    /// What recording an attempt does.
    public enum Decision: Sendable, Hashable {
        /// The attempt is recorded; the call-back stays open.
        case keepOpen
        /// The attempt is recorded and closes the call-back.
        case close(CallbackOutcome)
    }

    /// Decides an attempt on an open call-back, or says (in Spanish, for the agent) why the
    /// procedure does not allow it.
    /// - Parameter byManager: managers may record attempts on anyone's call-backs; agents only
    ///   on those assigned to them (or still unassigned).
    public static func decide(
        _ attempt: CallbackAttemptInput, on callback: CallbackRecord, policy: CallbackPolicy, byManager: Bool
    ) -> Result<Decision, Refusal> {
        if !byManager, let assignee = callback.assignedTo, assignee != attempt.agent {
            return .failure(Refusal("Esta llamada está asignada a \(assignee)."))
        }
        switch attempt.result {
        case .noAnswer:
            guard attempt.closure == nil else { return .failure(Refusal("Un intento sin contacto no lleva cierre.")) }
            return .success(callback.failedAttempts + 1 >= policy.failedAttemptsToClose ? .close(.notContacted) : .keepOpen)
        case .contacted:
            guard let closure = attempt.closure else {
                return .failure(Refusal("Registre el motivo de la baja calificación y el resultado de la llamada."))
            }
            guard policy.reasons.contains(where: { $0.code == closure.reason }) else {
                return .failure(Refusal("Elija un motivo de la lista."))
            }
            switch closure.outcome {
            case .resolved, .technicalVisit:
                guard closure.area == nil else { return .failure(Refusal("Solo un escalamiento lleva área.")) }
            case .escalated:
                guard let area = closure.area, policy.areas.contains(where: { $0.code == area }) else {
                    return .failure(Refusal("Elija el área a la que se escala el caso."))
                }
            case .contacted, .notContacted:
                return .failure(Refusal("Elija cómo terminó la llamada: resuelto, escalado o visita técnica."))
            }
            if let score = closure.secondSurvey, !(1...10).contains(score) {
                return .failure(Refusal("La calificación de la llamada va de 1 a 10."))
            }
            return .success(.close(closure.outcome))
        }
    }

    /// Why an attempt was refused.
    public struct Refusal: Error, Sendable, Hashable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Who gets each unassigned call-back: always the agent with the fewest open call-backs
    /// (ties by name), so the load stays balanced. Call-backs in the order given (by deadline).
    /// - Returns: (call-back id, agent) pairs; empty when there is no agent.
    public static func assignments(unassigned: [String], openLoad: [String: Int], agents: [String]) -> [(String, String)] {
        var load: [String: Int] = [:]
        for agent in agents { load[agent] = openLoad[agent] ?? 0 }
        var result: [(String, String)] = []
        for id in unassigned {
            guard let agent = load.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { break }
            load[agent, default: 0] += 1
            result.append((id, agent))
        }
        return result
    }

    /// Call-back figures over a set of call-backs, as the procedure defines them.
    public struct Summary: Sendable, Hashable {
        public var opened = 0
        /// Open with a number to call.
        public var open = 0
        /// Open, with a number, past the deadline.
        public var overdue = 0
        /// Open without a number (the customer gave none): nobody can call, counted apart.
        public var withoutContact = 0
        /// Closed having reached the customer (resolved, escalated, technical visit, contacted).
        public var reached = 0
        public var resolved = 0
        public var escalated = 0
        public var technicalVisits = 0
        /// Closed after every attempt failed.
        public var notContacted = 0
        /// Closed before the deadline.
        public var closedInTime = 0
        /// Second surveys answered, and those at or above the reversal score.
        public var surveys = 0
        public var reversals = 0
        /// Reason code → call-backs closed with it.
        public var reasons: [String: Int] = [:]

        /// Reached ÷ worked (reached + not contacted); nil before any worked.
        public var effectiveContactRate: Double? {
            let worked = reached + notContacted
            return worked == 0 ? nil : Double(reached) / Double(worked)
        }

        /// Closed in time ÷ (closed + overdue): open ones not yet due have neither met nor missed
        /// it, and those without a number are left out.
        public var deadlinesMet: Double? {
            let decided = reached + notContacted + overdue
            return decided == 0 ? nil : Double(closedInTime) / Double(decided)
        }

        /// Second surveys at or above the reversal score ÷ second surveys answered.
        public var reversalRate: Double? { surveys == 0 ? nil : Double(reversals) / Double(surveys) }
    }

    /// Summarises `callbacks` at `now`.
    public static func summary(_ callbacks: some Sequence<CallbackRecord>, at now: Date, policy: CallbackPolicy = .init()) -> Summary {
        var summary = Summary()
        for callback in callbacks {
            summary.opened += 1
            guard let outcome = callback.outcome else {
                if !callback.hasContact {
                    summary.withoutContact += 1
                } else {
                    summary.open += 1
                    if callback.opening.deadline < now { summary.overdue += 1 }
                }
                continue
            }
            if outcome.reachedCustomer { summary.reached += 1 } else { summary.notContacted += 1 }
            switch outcome {
            case .resolved: summary.resolved += 1
            case .escalated: summary.escalated += 1
            case .technicalVisit: summary.technicalVisits += 1
            case .contacted, .notContacted: break
            }
            if callback.metDeadline { summary.closedInTime += 1 }
            if let reason = callback.reason { summary.reasons[reason, default: 0] += 1 }
            if let score = callback.secondSurvey {
                summary.surveys += 1
                if score >= policy.reversalMinimumScore { summary.reversals += 1 }
            }
        }
        return summary
    }
}
