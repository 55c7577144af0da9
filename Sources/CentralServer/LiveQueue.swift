import Foundation
import TurneroCore

/// Who is waiting, called or served right now in one office, folded from the day's events
/// (pure; the KPIs themselves come from `KPICalculator`). Also buckets arrivals and waits per
/// hour for the charts.
struct LiveQueue {
    enum Phase: Equatable { case waiting, called, serving, done }

    struct Visit {
        var service: ServiceCode
        var enteredAt: Date
        var phase: Phase
        var called: Bool
    }

    /// One hour of the office day.
    struct Hour: Sendable, Hashable {
        var arrivals = 0
        /// Visits first called this hour and the sum of their waits, seconds.
        var calls = 0
        var waitSum: Double = 0

        var averageWait: Double? { calls == 0 ? nil : waitSum / Double(calls) }
    }

    private(set) var visits: [UUID: Visit] = [:]
    private(set) var openCounters: Set<Int> = []
    private(set) var hours = [Hour](repeating: Hour(), count: 24)
    private let dayStart: Date

    init(dayStart: Date) { self.dayStart = dayStart }

    private func hour(of date: Date) -> Int { min(23, max(0, Int(date.timeIntervalSince(dayStart) / 3600))) }

    mutating func record(_ event: QueueEvent) {
        let at = event.occurredAt
        switch event.payload {
        case .turnIssued(let turn, _, _, _, _, _):
            visits[turn.id] = Visit(service: turn.service, enteredAt: at, phase: .waiting, called: false)
            hours[hour(of: at)].arrivals += 1
        case .turnCalled(let turn, let counter, _):
            openCounters.insert(counter)
            guard var visit = visits[turn.id] else { return }
            if !visit.called {
                visit.called = true
                let index = hour(of: at)
                hours[index].calls += 1
                hours[index].waitSum += max(0, at.timeIntervalSince(visit.enteredAt))
            }
            visit.phase = .called
            visits[turn.id] = visit
        case .turnStarted(let turn, _):
            visits[turn.id]?.phase = .serving
        case .turnFinished(let turn, _, _), .turnNoShow(let turn, _), .turnCancelled(let turn), .turnAbandoned(let turn):
            visits[turn.id]?.phase = .done
        case .turnReturned(let turn, _), .turnReactivated(let turn):
            visits[turn.id]?.phase = .waiting
        case .turnTransferred(let turn, _, let target):
            // A new visit in the target service: its wait starts now (docs/queue-rules.md).
            visits[turn.id] = Visit(service: target, enteredAt: at, phase: .waiting, called: false)
        case .counterOpened(let counter):
            openCounters.insert(counter)
        case .counterClosed(let counter):
            openCounters.remove(counter)
        case .turnRated, .callbackOpened, .callbackClosed, .callbackContactGiven, .couponIssued, .agentSignedIn,
            .agentSignedOut, .requestTyped, .escalationOpened, .escalationClosed, .auditRecorded:
            break
        }
    }

    /// Turns waiting now in `service` and the longest of their current waits (seconds).
    func waiting(in service: ServiceCode?, at now: Date) -> (count: Int, longest: Double?) {
        var count = 0
        var longest: Double?
        for visit in visits.values where visit.phase == .waiting && (service == nil || visit.service == service) {
            count += 1
            let wait = max(0, now.timeIntervalSince(visit.enteredAt))
            longest = max(longest ?? 0, wait)
        }
        return (count, longest)
    }
}

/// Merges per-stream event lists (each in seq order) into one office timeline by wall time,
/// keeping every stream's own order even when its clock jumped.
enum TimelineMerge {
    static func merge(_ streams: [[QueueEvent]]) -> [QueueEvent] {
        let lists = streams.filter { !$0.isEmpty }
        if lists.count <= 1 { return lists.first ?? [] }
        var heads = [Int](repeating: 0, count: lists.count)
        var merged: [QueueEvent] = []
        merged.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        while true {
            var best: Int?
            for index in lists.indices where heads[index] < lists[index].count {
                if let current = best {
                    if lists[index][heads[index]].occurredAt < lists[current][heads[current]].occurredAt { best = index }
                } else {
                    best = index
                }
            }
            guard let chosen = best else { return merged }
            merged.append(lists[chosen][heads[chosen]])
            heads[chosen] += 1
        }
    }
}
