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

    public init(id: UUID, occurredAt: Date, day: LocalDay, payload: Payload) {
        self.id = id
        self.occurredAt = occurredAt
        self.day = day
        self.payload = payload
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
    }
}

extension QueueEvent.Payload {
    /// The stable type name used on the wire and in the outbox (`turn.called`).
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
        }
    }

    /// The turn the event is about, if any.
    public var turn: TurnReference? {
        switch self {
        case .turnIssued(let turn, _, _, _, _, _), .turnCalled(let turn, _, _), .turnStarted(let turn, _),
            .turnFinished(let turn, _, _), .turnNoShow(let turn, _), .turnReturned(let turn, _),
            .turnTransferred(let turn, _, _), .turnCancelled(let turn), .turnReactivated(let turn),
            .turnAbandoned(let turn), .turnRated(let turn, _), .callbackOpened(_, let turn, _, _):
            turn
        case .callbackClosed, .callbackContactGiven, .counterOpened, .counterClosed, .couponIssued:
            nil
        }
    }
}
