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

    var wait: Double? { firstCall.map { $0.timeIntervalSince(enteredAt) } }
}

/// Replays events into visits, ratings, call-backs and counter sessions.
struct VisitLedger {
    struct Rating { var service: ServiceCode; var score: Int }
    struct OpenCallback {
        var service: ServiceCode
        var deadline: Date
        var closedAt: Date?
        /// The customer left a number to be called at (`callback.contact_given`).
        var hasContact = false
    }

    private(set) var visits: [Visit] = []
    private(set) var issuedTurns = 0
    private(set) var ratings: [Rating] = []
    private(set) var callbacks: [UUID: OpenCallback] = [:]
    private(set) var counterOpenSeconds: Double = 0
    /// Index in `visits` of each turn's current visit.
    private var current: [UUID: Int] = [:]
    private var openCounters: [Int: Date] = [:]

    mutating func record(_ event: QueueEvent) {
        let at = event.occurredAt
        switch event.payload {
        case .turnIssued(let turn, _, _, let estimate, _, _):
            issuedTurns += 1
            open(turn: turn.id, service: turn.service, at: at, estimate: estimate)
        case .turnCalled(let turn, _, _):
            update(turn.id) { visit in
                if visit.firstCall == nil { visit.firstCall = at }
                visit.lastCall = at
            }
        case .turnStarted(let turn, _):
            update(turn.id) { visit in
                visit.startedAt = at
                visit.walk = visit.lastCall.map { at.timeIntervalSince($0) }
            }
        case .turnFinished(let turn, _, _):
            close(turn.id, as: .served, at: at, measuringService: true)
        case .turnNoShow(let turn, _):
            close(turn.id, as: .noShow, at: at, measuringService: false)
        case .turnReturned:
            break  // back in the same visit; its first call stays the first call
        case .turnTransferred(let turn, _, let target):
            close(turn.id, as: .transferred, at: at, measuringService: true)
            open(turn: turn.id, service: target, at: at, estimate: nil)
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
            ratings.append(Rating(service: turn.service, score: score))
        case .callbackOpened(let id, let turn, _, let deadline):
            callbacks[id] = OpenCallback(service: turn.service, deadline: deadline)
        case .callbackClosed(let id, _):
            // The first closure counts: an office and the centre may both close one call-back.
            if let closed = callbacks[id]?.closedAt, closed <= at { break }
            callbacks[id]?.closedAt = at
        case .callbackContactGiven(let id):
            callbacks[id]?.hasContact = true
        case .counterOpened(let counter):
            if openCounters[counter] == nil { openCounters[counter] = at }
        case .couponIssued:
            break  // coupons are not queue visits
        case .counterClosed(let counter):
            if let since = openCounters.removeValue(forKey: counter) {
                counterOpenSeconds += max(0, at.timeIntervalSince(since))
            }
        }
    }

    /// Counts counters still open as open until `end`.
    mutating func closeCounters(at end: Date) {
        for (_, since) in openCounters { counterOpenSeconds += max(0, end.timeIntervalSince(since)) }
        openCounters.removeAll()
    }

    private mutating func open(turn: UUID, service: ServiceCode, at: Date, estimate: WaitEstimate?) {
        visits.append(Visit(turn: turn, service: service, enteredAt: at, printedEstimate: estimate))
        current[turn] = visits.count - 1
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
