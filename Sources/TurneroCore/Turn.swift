public import Foundation

/// Where a turn is in its life. Terminal states are `served`, `noShow`, `cancelled`, `abandoned`
/// (`noShow` may be reactivated within the office's tolerance).
public enum TurnState: String, Codable, Sendable, Hashable, CaseIterable {
    case waiting
    case called
    case serving
    case served
    case noShow = "no-show"
    case cancelled
    case abandoned

    /// Whether the turn still takes part in the day's queue.
    public var isOpen: Bool {
        switch self {
        case .waiting, .called, .serving: true
        case .served, .noShow, .cancelled, .abandoned: false
        }
    }

    /// Spanish word staff see on the console.
    public var spanishName: String {
        switch self {
        case .waiting: "en espera"
        case .called: "llamado"
        case .serving: "en atención"
        case .served: "atendido"
        case .noShow: "no se presentó"
        case .cancelled: "cancelado"
        case .abandoned: "abandonado"
        }
    }
}

/// How a service ended, recorded by the counter at `finish`.
public enum ServiceOutcome: String, Codable, Sendable, Hashable, CaseIterable {
    /// The request was solved at the counter.
    case resolved
    /// Served, but the request needs follow-up (a claim that goes on, a visit to schedule).
    case pending
    /// Sent elsewhere (another office, a phone line, a written request).
    case referred
    /// Closed at the end of the day without the counter recording an outcome.
    case unrecorded
}

/// A customer's visit: one ticket, identified by its UUID, possibly across several services.
public struct Turn: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    /// The printed label (`P-027`).
    public var label: String
    /// The service the turn is currently queued for or served in.
    public var service: ServiceCode
    /// Self-declared preferential attention (the reason is never stored).
    public var preferential: Bool
    /// The office day the ticket was issued on.
    public var day: LocalDay
    /// When the ticket was issued.
    public var issuedAt: Date
    /// Arrival used by the ordering rule: kept across transfers, returns and reactivation.
    public var queuedSince: Date
    /// Issue order within the database (ties in the ordering rule).
    public var order: Int64
    public var state: TurnState
    /// The counter that called or serves the turn.
    public var counter: Int?
    /// Calls in the current service visit (first call = 1).
    public var calls: Int
    public var lastCalledAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var outcome: ServiceOutcome?

    public init(
        id: UUID, label: String, service: ServiceCode, preferential: Bool, day: LocalDay,
        issuedAt: Date, order: Int64
    ) {
        self.id = id
        self.label = label
        self.service = service
        self.preferential = preferential
        self.day = day
        self.issuedAt = issuedAt
        self.queuedSince = issuedAt
        self.order = order
        self.state = .waiting
        self.counter = nil
        self.calls = 0
    }

    /// The turn as the ordering rule sees it.
    public var candidate: QueueCandidate {
        QueueCandidate(order: order, preferential: preferential, queuedSince: queuedSince)
    }

    /// The reference events carry.
    public var reference: TurnReference {
        TurnReference(id: id, label: label, service: service)
    }
}
