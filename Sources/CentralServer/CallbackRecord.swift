public import Foundation
public import TurneroCore

/// What an agent's attempt to reach a detractor gave.
public enum CallbackAttemptResult: String, Codable, Sendable, Hashable, CaseIterable {
    /// The customer was reached: the attempt closes the call-back with the agent's closure.
    case contacted
    /// Nobody answered, wrong number, line busy…: a failed attempt. The attempt after the
    /// policy's `maxFailedAttempts` closes the call-back as `not-contacted`.
    case noAnswer = "no-answer"

    /// Reads stored text leniently: attempts recorded before the procedure had closures said
    /// `resolved` for a reached customer.
    public init(stored text: String) {
        self = text == Self.noAnswer.rawValue ? .noAnswer : .contacted
    }
}

/// How a reached customer's call-back closes: why they rated low, what was done, and the
/// short survey of the call itself.
public struct CallbackClosureInput: Sendable, Hashable {
    /// A reason code from the policy (`tiempo-espera`, `trato`…).
    public var reason: String
    /// Free text about the reason (never logged).
    public var reasonNote: String?
    /// `resolved` (on this first contact), `escalated` (with `area`) or `technical-visit`.
    public var outcome: CallbackOutcome
    /// The area an escalation went to (a code from the policy).
    public var area: String?
    /// The customer's 1–10 rating of the call, when they answered the second survey.
    public var secondSurvey: Int?

    public init(reason: String, reasonNote: String? = nil, outcome: CallbackOutcome, area: String? = nil, secondSurvey: Int? = nil) {
        self.reason = reason
        self.reasonNote = reasonNote
        self.outcome = outcome
        self.area = area
        self.secondSurvey = secondSurvey
    }
}

/// An attempt as an agent submits it.
public struct CallbackAttemptInput: Sendable, Hashable {
    /// Who called (the signed-in operator).
    public var agent: String
    public var result: CallbackAttemptResult
    /// Free text for the team (never logged).
    public var note: String?
    /// Required when the customer was reached.
    public var closure: CallbackClosureInput?

    public init(agent: String, result: CallbackAttemptResult, note: String? = nil, closure: CallbackClosureInput? = nil) {
        self.agent = agent
        self.result = result
        self.note = note
        self.closure = closure
    }
}

/// One recorded attempt.
public struct CallbackAttempt: Sendable, Hashable {
    public var number: Int
    public var at: Date
    public var agent: String
    public var result: CallbackAttemptResult
    public var note: String?

    public init(number: Int, at: Date, agent: String, result: CallbackAttemptResult, note: String?) {
        self.number = number
        self.at = at
        self.agent = agent
        self.result = result
        self.note = note
    }
}

/// A detractor call-back at the centre: opened from the kiosk's event, assigned to an agent,
/// worked to a closure.
public struct CallbackRecord: Sendable, Hashable {
    public var opening: CallbackOpening
    public var kioskId: String
    public var officeId: String
    /// Set once closed (by an agent, or by the office's own `callback.closed`).
    public var outcome: CallbackOutcome?
    public var closedAt: Date?
    /// `agent:NAME` or `kiosk`.
    public var closedBy: String?
    public var attempts: [CallbackAttempt]
    /// The customer's number (national digits), present only with their consent and only
    /// until the retention after closing.
    public var phone: String?
    public var phoneConsentAt: Date?
    /// Who recorded the consent: `cliente` (the rating screen) or an agent.
    public var phoneConsentBy: String?
    /// The customer left a number at the rating screen (`callback.contact_given`), even when
    /// the number has not arrived yet or was erased after its retention.
    public var contactGiven = false
    /// When the number was erased (retention over).
    public var phoneErasedAt: Date?
    /// The agent who works it.
    public var assignedTo: String?
    public var assignedAt: Date?
    /// Why the customer rated low (a policy reason code) and the agent's words about it.
    public var reason: String?
    public var reasonNote: String?
    /// The area an escalation went to.
    public var area: String?
    /// The customer's 1–10 rating of the call-back itself.
    public var secondSurvey: Int?
    /// When the office's kiosk recorded the closure (its own, or the centre's once delivered).
    public var kioskClosedAt: Date?

    public init(
        opening: CallbackOpening, kioskId: String, officeId: String, outcome: CallbackOutcome?, closedAt: Date?,
        closedBy: String?, attempts: [CallbackAttempt], phone: String?, phoneConsentAt: Date?, phoneConsentBy: String?
    ) {
        self.opening = opening
        self.kioskId = kioskId
        self.officeId = officeId
        self.outcome = outcome
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.attempts = attempts
        self.phone = phone
        self.phoneConsentAt = phoneConsentAt
        self.phoneConsentBy = phoneConsentBy
    }

    public var isOpen: Bool { outcome == nil }
    /// Failed attempts so far.
    public var failedAttempts: Int { attempts.count { $0.result == .noAnswer } }
    /// Closed before its deadline.
    public var metDeadline: Bool { closedAt.map { $0 <= opening.deadline } ?? false }
    /// Somebody can call: a number arrived, or is on its way from the kiosk.
    public var hasContact: Bool { contactGiven || phone != nil }
    /// The number as a Colombian phone, when there is one.
    public var contactPhone: ColombianPhone? { phone.flatMap(ColombianPhone.init(parsing:)) }
    /// Closed at the centre and not yet known to the office's kiosk: the kiosk is told.
    public var closureToDeliver: Bool { outcome != nil && kioskClosedAt == nil && closedBy?.hasPrefix("agent:") == true }
}

/// The result of recording an attempt.
public enum CallbackAttemptOutcome: Sendable, Hashable {
    /// Recorded; the call-back as it is now.
    case recorded(CallbackRecord)
    /// No such call-back.
    case notFound
    /// Already closed: nothing recorded.
    case alreadyClosed(CallbackRecord)
    /// The attempt breaks the procedure (why, in Spanish for the agent): nothing recorded.
    case refused(String)
}

/// Which call-backs to list.
public struct CallbackFilter: Sendable, Hashable {
    /// One office, or every office.
    public var officeId: String?
    /// Only open ones (ordered by deadline), else all opened since `openedSince`.
    public var openOnly: Bool
    /// Lower bound on the opening time.
    public var openedSince: Date?
    /// Only those assigned to this operator.
    public var assignedTo: String?
    public var limit: Int

    public init(officeId: String? = nil, openOnly: Bool = true, openedSince: Date? = nil, assignedTo: String? = nil, limit: Int = 500) {
        self.officeId = officeId
        self.openOnly = openOnly
        self.openedSince = openedSince
        self.assignedTo = assignedTo
        self.limit = limit
    }
}

extension CallbackRecord {
    /// A closure made at the centre as the office's `callback.closed` event, so the figures
    /// computed from events count it before (and whether or not) the kiosk records it.
    public var centreClosureEvent: QueueEvent? {
        guard let outcome, let closedAt, closedBy?.hasPrefix("agent:") == true, let id = UUID(uuidString: opening.id) else {
            return nil
        }
        let day = LocalDay(containing: opening.openedAt, in: .gmt)
        return QueueEvent(id: id, occurredAt: closedAt, day: day, payload: .callbackClosed(callback: id, outcome: outcome))
    }
}
