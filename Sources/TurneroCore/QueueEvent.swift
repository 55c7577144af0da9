public import Foundation

/// The turn fields every turn event carries, so events can be read without the turns table.
public struct TurnReference: Codable, Sendable, Hashable {
    public var id: UUID
    public var label: String
    /// The service the turn was in when the event happened.
    public var service: ServiceCode

    public init(id: UUID, label: String, service: ServiceCode) {
        self.id = id
        self.label = label
        self.service = service
    }
}

/// An immutable fact recorded by the kiosk: the source of KPIs and what sync uploads.
public struct QueueEvent: Codable, Sendable, Hashable, Identifiable {
    /// Globally unique event id.
    public var id: UUID
    /// Wall-clock time on the kiosk (informational for sync, which orders by sequence).
    public var occurredAt: Date
    /// The office day the event belongs to.
    public var day: LocalDay
    public var payload: Payload
    /// The agent signed in at the counter that acted (nil: nobody was, or not a counter action).
    /// It travels in the payload JSON as `agent` (``EventDocument``), where decoders that predate
    /// staff ignore it.
    public var agent: AgentID?

    public init(id: UUID, occurredAt: Date, day: LocalDay, payload: Payload, agent: AgentID? = nil) {
        self.id = id
        self.occurredAt = occurredAt
        self.day = day
        self.payload = payload
        self.agent = agent
    }

    /// What happened.
    public enum Payload: Sendable, Hashable {
        /// `link` is the hex SHA-256 of the ticket's token (the centre finds the turn of a
        /// `/t/<token>` page by it; the token itself never leaves the ticket); `language` is the
        /// one the customer chose. Both absent in events of older kiosks.
        case turnIssued(
            turn: TurnReference, preferential: Bool, ahead: Int, estimate: WaitEstimate?, link: String? = nil,
            language: Language? = nil)
        /// `call` is 1 for the first call, more for recalls.
        case turnCalled(turn: TurnReference, counter: Int, call: Int)
        case turnStarted(turn: TurnReference, counter: Int)
        case turnFinished(turn: TurnReference, counter: Int, outcome: ServiceOutcome)
        case turnNoShow(turn: TurnReference, counter: Int)
        case turnReturned(turn: TurnReference, counter: Int)
        case turnTransferred(turn: TurnReference, counter: Int, to: ServiceCode)
        case turnCancelled(turn: TurnReference)
        case turnReactivated(turn: TurnReference)
        case turnAbandoned(turn: TurnReference)
        case turnRated(turn: TurnReference, score: Int)
        case callbackOpened(callback: UUID, turn: TurnReference, score: Int, deadline: Date)
        case callbackClosed(callback: UUID, outcome: CallbackOutcome)
        /// The detractor agreed to be called back and left a number. The number itself never
        /// travels in an event (events are kept for good; the number only until its retention).
        case callbackContactGiven(callback: UUID)
        case counterOpened(counter: Int)
        case counterClosed(counter: Int)
        /// A payment coupon was issued. The account appears only as a keyed hash.
        case couponIssued(coupon: UUID, kind: CouponKind, accountHash: String, billNumber: String, amount: Pesos,
                          dueDate: LocalDay, datasetVersion: String)
        /// An agent signed in at a counter (after the PIN was checked).
        case agentSignedIn(agent: AgentID, counter: Int)
        /// An agent's session at a counter ended.
        case agentSignedOut(agent: AgentID, counter: Int, reason: SignOutReason)
        /// What the customer asked and how it ended, recorded with `turn.finished` (same
        /// transaction, right after it). `escalation` names the escalation it opened.
        case requestTyped(turn: TurnReference, counter: Int, types: [String], resolution: RequestResolution, escalation: UUID?)
        /// A request escalated to an area, due on `due` (inclusive). `contactGiven`: the customer
        /// consented and left an e-mail or phone for the answer (never in the event itself).
        case escalationOpened(escalation: UUID, turn: TurnReference, area: String, types: [String], due: LocalDay,
                              contactGiven: Bool)
        /// The escalation was answered (at the office, or at the centre and recorded here).
        case escalationClosed(escalation: UUID, answer: String)
        /// A quality auditor scored one attention of an agent against the checklist.
        case auditRecorded(audit: UUID, agent: AgentID, turn: TurnReference, month: String, answers: [String: AuditAnswer],
                           auditor: String)
    }
}

extension QueueEvent.Payload {
    /// The stable type name used on the wire and in the outbox (`turn.called`).
    /// Every event type a kiosk records (the contract lists them in docs/openapi.yaml).
    public static let types = [
        "turn.issued", "turn.called", "turn.started", "turn.finished", "turn.no_show", "turn.returned", "turn.transferred",
        "turn.cancelled", "turn.reactivated", "turn.abandoned", "turn.rated", "callback.opened", "callback.closed",
        "callback.contact_given", "counter.opened", "counter.closed", "coupon.issued", "agent.signed_in", "agent.signed_out",
        "turn.request_typed", "escalation.opened", "escalation.closed", "audit.recorded",
    ]

    public var type: String {
        switch self {
        case .turnIssued: "turn.issued"
        case .turnCalled: "turn.called"
        case .turnStarted: "turn.started"
        case .turnFinished: "turn.finished"
        case .turnNoShow: "turn.no_show"
        case .turnReturned: "turn.returned"
        case .turnTransferred: "turn.transferred"
        case .turnCancelled: "turn.cancelled"
        case .turnReactivated: "turn.reactivated"
        case .turnAbandoned: "turn.abandoned"
        case .turnRated: "turn.rated"
        case .callbackOpened: "callback.opened"
        case .callbackClosed: "callback.closed"
        case .callbackContactGiven: "callback.contact_given"
        case .counterOpened: "counter.opened"
        case .counterClosed: "counter.closed"
        case .couponIssued: "coupon.issued"
        case .agentSignedIn: "agent.signed_in"
        case .agentSignedOut: "agent.signed_out"
        case .requestTyped: "turn.request_typed"
        case .escalationOpened: "escalation.opened"
        case .escalationClosed: "escalation.closed"
        case .auditRecorded: "audit.recorded"
        }
    }

    /// The turn the event is about, if any.
    public var turn: TurnReference? {
        switch self {
        case .turnIssued(let turn, _, _, _, _, _), .turnCalled(let turn, _, _), .turnStarted(let turn, _),
            .turnFinished(let turn, _, _), .turnNoShow(let turn, _), .turnReturned(let turn, _),
            .turnTransferred(let turn, _, _), .turnCancelled(let turn), .turnReactivated(let turn),
            .turnAbandoned(let turn), .turnRated(let turn, _), .callbackOpened(_, let turn, _, _),
            .requestTyped(let turn, _, _, _, _), .escalationOpened(_, let turn, _, _, _, _), .auditRecorded(_, _, let turn, _, _, _):
            turn
        case .callbackClosed, .callbackContactGiven, .counterOpened, .counterClosed, .couponIssued, .agentSignedIn,
            .agentSignedOut, .escalationClosed:
            nil
        }
    }
}
