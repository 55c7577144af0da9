import Foundation

/// One turn's stay in one service, rebuilt from events.
struct Visit {
    enum End { case served, noShow, transferred, cancelled, abandoned }

    var turn: UUID
    var service: ServiceCode
    var enteredAt: Date
    var firstCall: Date?
    var lastCall: Date?
    var walk: Double?
    var startedAt: Date?
    var serviceTime: Double?
    var end: End?
    var endedAt: Date?
    /// The estimate printed on the ticket (first visit of a turn only).
    var printedEstimate: WaitEstimate?
    /// The turn as events named it in this visit.
    var reference: TurnReference
    /// The agent of the first call (their customer waited `wait`).
    var calledBy: AgentID?
    /// The agent who finished (or marked the no-show of) the visit, and at which counter.
    var endedBy: AgentID?
    var counter: Int?
    /// What the customer asked and how it ended (`turn.request_typed`).
    var types: [String] = []
    var resolution: RequestResolution?
    var outcome: ServiceOutcome?

    var wait: Double? { firstCall.map { $0.timeIntervalSince(enteredAt) } }
}

/// Replays events into visits, ratings, call-backs and counter sessions.
struct VisitLedger {
    struct Rating {
        var service: ServiceCode
        var score: Int
        /// The agent who finished the rated visit.
        var agent: AgentID?
        /// Index in `visits` of the rated visit.
        var visit: Int?
    }
    struct OpenCallback {
        var service: ServiceCode
        var deadline: Date
        var closedAt: Date?
        var outcome: CallbackOutcome?
        /// The customer left a number to be called at (`callback.contact_given`).
        var hasContact = false
    }
    struct OpenEscalation {
        var service: ServiceCode
        var agent: AgentID?
        var due: LocalDay
        var closedAt: Date?
    }

    private(set) var visits: [Visit] = []
    private(set) var issuedTurns = 0
    private(set) var ratings: [Rating] = []
    private(set) var callbacks: [UUID: OpenCallback] = [:]
    private(set) var counterOpenSeconds: Double = 0
    private(set) var escalations: [UUID: OpenEscalation] = [:]
    /// Seconds each agent was signed in (sessions still open count until `closeCounters`).
    private(set) var signedInSeconds: [AgentID: Double] = [:]
    /// Index in `visits` of each turn's current visit.
    private var current: [UUID: Int] = [:]
    private var openCounters: [Int: Date] = [:]
    private var openSessions: [AgentID: Date] = [:]

    mutating func record(_ event: QueueEvent) {
        let at = event.occurredAt
        let agent = event.agent
        switch event.payload {
        case .turnIssued(let turn, _, _, let estimate, _, _):
            issuedTurns += 1
            open(turn: turn, at: at, estimate: estimate)
        case .turnCalled(let turn, let counter, _):
            update(turn.id) { visit in
                if visit.firstCall == nil {
                    visit.firstCall = at
                    visit.calledBy = agent
                }
                visit.lastCall = at
                visit.counter = counter
            }
        case .turnStarted(let turn, _):
            update(turn.id) { visit in
                visit.startedAt = at
                visit.walk = visit.lastCall.map { at.timeIntervalSince($0) }
            }
        case .turnFinished(let turn, let counter, let outcome):
            close(turn.id, as: .served, at: at, measuringService: true)
            update(turn.id) { visit in
                visit.endedBy = agent
                visit.counter = counter
                visit.outcome = outcome
            }
        case .turnNoShow(let turn, _):
            close(turn.id, as: .noShow, at: at, measuringService: false)
            update(turn.id) { $0.endedBy = agent }
        case .turnReturned:
            break  // back in the same visit; its first call stays the first call
        case .turnTransferred(let turn, _, let target):
            close(turn.id, as: .transferred, at: at, measuringService: true)
            open(turn: TurnReference(id: turn.id, label: turn.label, service: target), at: at, estimate: nil)
        case .turnCancelled(let turn):
            close(turn.id, as: .cancelled, at: at, measuringService: false)
        case .turnAbandoned(let turn):
            close(turn.id, as: .abandoned, at: at, measuringService: false)
        case .turnReactivated(let turn):
            update(turn.id) { visit in
                visit.end = nil
                visit.endedAt = nil
            }
        case .turnRated(let turn, let score):
            let index = current[turn.id]
            ratings.append(Rating(service: turn.service, score: score, agent: index.flatMap { visits[$0].endedBy }, visit: index))
        case .callbackOpened(let id, let turn, _, let deadline):
            callbacks[id] = OpenCallback(service: turn.service, deadline: deadline)
        case .callbackClosed(let id, let outcome):
            // The first closure counts: an office and the centre may both close one call-back.
            if let closed = callbacks[id]?.closedAt, closed <= at { break }
            callbacks[id]?.closedAt = at
            callbacks[id]?.outcome = outcome
        case .callbackContactGiven(let id):
            callbacks[id]?.hasContact = true
        case .counterOpened(let counter):
            if openCounters[counter] == nil { openCounters[counter] = at }
        case .couponIssued, .auditRecorded:
            break  // coupons are not queue visits; audits are read by the audit report
        case .requestTyped(let turn, _, let types, let resolution, _):
            update(turn.id) { visit in
                visit.types = types
                visit.resolution = resolution
            }
        case .escalationOpened(let id, let turn, _, _, let due, _):
            escalations[id] = OpenEscalation(service: turn.service, agent: agent, due: due)
        case .escalationClosed(let id, _):
            if let closed = escalations[id]?.closedAt, closed <= at { break }
            escalations[id]?.closedAt = at
        case .agentSignedIn(let who, _):
            if openSessions[who] == nil { openSessions[who] = at }
        case .agentSignedOut(let who, _, _):
            if let since = openSessions.removeValue(forKey: who) {
                signedInSeconds[who, default: 0] += max(0, at.timeIntervalSince(since))
            }
        case .counterClosed(let counter):
            if let since = openCounters.removeValue(forKey: counter) {
                counterOpenSeconds += max(0, at.timeIntervalSince(since))
            }
        }
    }

    /// Counts counters (and agents' sessions) still open as open until `end`.
    mutating func closeCounters(at end: Date) {
        for (_, since) in openCounters { counterOpenSeconds += max(0, end.timeIntervalSince(since)) }
        openCounters.removeAll()
        for (who, since) in openSessions { signedInSeconds[who, default: 0] += max(0, end.timeIntervalSince(since)) }
        openSessions.removeAll()
    }

    private mutating func open(turn: TurnReference, at: Date, estimate: WaitEstimate?) {
        visits.append(Visit(turn: turn.id, service: turn.service, enteredAt: at, printedEstimate: estimate, reference: turn))
        current[turn.id] = visits.count - 1
    }

    private mutating func update(_ turn: UUID, _ change: (inout Visit) -> Void) {
        guard let index = current[turn] else { return }
        change(&visits[index])
    }

    private mutating func close(_ turn: UUID, as end: Visit.End, at: Date, measuringService: Bool) {
        update(turn) { visit in
            visit.end = end
            visit.endedAt = at
            if measuringService, let started = visit.startedAt {
                visit.serviceTime = at.timeIntervalSince(started)
            }
        }
    }
}
