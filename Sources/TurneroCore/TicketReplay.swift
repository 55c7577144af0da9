public import Foundation

/// Where one turn stands, as its customer's phone shows it.
public struct TicketStatus: Sendable, Hashable {
    /// The turn's state as the customer understands it.
    public enum State: Sendable, Hashable {
        case waiting
        /// Called to this counter (the page says it prominently).
        case called(counter: Int)
        case serving(counter: Int)
        case served
        case noShow
        case cancelled
        /// The office day closed before the turn was called.
        case abandoned
    }

    public var turnId: UUID
    public var label: String
    public var service: ServiceCode
    public var day: LocalDay
    public var state: State
    /// Turns the ordering rule would call first (waiting turns only).
    public var ahead: Int?
    /// The range the customer can expect, from the office's recent service times (waiting only;
    /// nil without enough history or with no open counter).
    public var estimate: WaitEstimate?
    /// Served with an outcome and not rated yet: the page may ask for a rating.
    public var rateable: Bool
    public var rated: Bool
    /// The language the customer chose at the kiosk (nil from older kiosks).
    public var language: Language?
}

/// One kiosk database's turns replayed from its events (its office queue), for the ticket page
/// at the centre. Pure: the same ordering rule (``QueueSelector``) and estimate
/// (``WaitEstimator``) the kiosk prints with.
public struct TicketReplay: Sendable {
    private struct Entry: Sendable {
        var turn: Turn
        var language: Language?
        var rated = false
    }

    private var entries: [UUID: Entry] = [:]
    private var links: [String: UUID] = [:]
    private var openCounters: Set<Int> = []
    private var issued: Int64 = 0

    public init() {}

    /// The turn whose ticket link has this hash (hex SHA-256 of the token), if issued here.
    public func turn(link hash: String) -> UUID? { links[hash] }

    /// Applies one event (events in the stream's order).
    public mutating func record(_ event: QueueEvent) {
        let at = event.occurredAt
        switch event.payload {
        case .turnIssued(let reference, let preferential, _, _, let link, let language):
            issued += 1
            let turn = Turn(
                id: reference.id, label: reference.label, service: reference.service, preferential: preferential, day: event.day,
                issuedAt: at, order: issued)
            entries[reference.id] = Entry(turn: turn, language: language)
            if let link, links[link] == nil { links[link] = reference.id }
        case .turnCalled(let reference, let counter, let call):
            openCounters.insert(counter)
            update(reference) {
                $0.state = .called
                $0.counter = counter
                $0.calls = call
                $0.lastCalledAt = at
            }
        case .turnStarted(let reference, _):
            update(reference) {
                $0.state = .serving
                $0.startedAt = at
            }
        case .turnFinished(let reference, _, let outcome):
            update(reference) {
                $0.state = .served
                $0.finishedAt = at
                $0.outcome = outcome
            }
        case .turnNoShow(let reference, _):
            update(reference) {
                $0.state = .noShow
                $0.finishedAt = at
            }
        case .turnReturned(let reference, _), .turnReactivated(let reference):
            update(reference) {
                $0.state = .waiting
                $0.counter = nil
                $0.calls = 0
                $0.finishedAt = nil
            }
        case .turnTransferred(let reference, _, let target):
            update(reference) {
                $0.state = .waiting
                $0.service = target
                $0.counter = nil
                $0.calls = 0
                $0.startedAt = nil
            }
        case .turnCancelled(let reference):
            update(reference) {
                $0.state = .cancelled
                $0.finishedAt = at
            }
        case .turnAbandoned(let reference):
            update(reference) {
                $0.state = .abandoned
                $0.finishedAt = at
            }
        case .turnRated(let reference, _):
            entries[reference.id]?.rated = true
        case .counterOpened(let counter):
            openCounters.insert(counter)
        case .counterClosed(let counter):
            openCounters.remove(counter)
        case .callbackOpened, .callbackClosed, .callbackContactGiven, .couponIssued, .agentSignedIn, .agentSignedOut,
            .requestTyped, .escalationOpened, .escalationClosed, .auditRecorded:
            break
        }
    }

    private mutating func update(_ reference: TurnReference, _ change: (inout Turn) -> Void) {
        guard var entry = entries[reference.id] else { return }
        change(&entry.turn)
        entries[reference.id] = entry
    }

    /// Where turn `id` stands now, or nil when this stream never issued it.
    public func status(of id: UUID, configuration: OfficeConfiguration, now: Date) -> TicketStatus? {
        guard let entry = entries[id] else { return nil }
        let turn = entry.turn
        var status = TicketStatus(
            turnId: id, label: turn.label, service: turn.service, day: turn.day, state: .waiting, ahead: nil, estimate: nil,
            rateable: turn.state == .served && turn.outcome != .unrecorded && !entry.rated, rated: entry.rated,
            language: entry.language)
        switch turn.state {
        case .waiting:
            let sameService = entries.values.map(\.turn).filter { $0.service == turn.service }
            let waiting = sameService.filter { $0.state == .waiting }.map(\.candidate)
            let ahead = QueueSelector(rule: configuration.ordering).position(of: turn.candidate, among: waiting, now: now)
            let atCounters = sameService.count { $0.state == .called || $0.state == .serving }
            let estimator = WaitEstimator()
            let handling = sameService
                .filter { $0.state == .served && $0.outcome != .unrecorded && $0.startedAt != nil }
                .compactMap { turn in turn.finishedAt.flatMap { end in turn.lastCalledAt.map { (end, end.timeIntervalSince($0)) } } }
                .sorted { $0.0 < $1.0 }.suffix(estimator.sampleSize).map(\.1)
            status.ahead = ahead
            status.estimate = estimator.estimate(
                ahead: ahead, atCounters: atCounters, handlingTimes: Array(handling),
                counterCapacity: WaitEstimator.capacity(for: turn.service, counters: configuration.counters, open: openCounters))
        case .called: status.state = .called(counter: turn.counter ?? 0)
        case .serving: status.state = .serving(counter: turn.counter ?? 0)
        case .served: status.state = .served
        case .noShow: status.state = .noShow
        case .cancelled: status.state = .cancelled
        case .abandoned: status.state = .abandoned
        }
        return status
    }
}
