public import Foundation

/// One agent's figures over a period (a day, a month): what managers compare and what an agent
/// sees of their own work. Times in seconds, rates 0–1, nil for "no data".
public struct AgentKPI: Codable, Sendable, Hashable {
    /// The agent; nil for the visits no agent was signed in for.
    public var agent: AgentID?
    /// Visits the agent finished as served.
    public var attended = 0
    /// Mean finish − start of those visits (average handling time).
    public var handlingAverage: Double?
    /// Visits the agent called first, and their customers' wait (first call − entered queue).
    public var called = 0
    public var waitAverage: Double?
    public var waitP90: Double?
    /// No-shows the agent marked ÷ visits the agent called first.
    public var noShows = 0
    public var noShowRate: Double?
    /// Ratings of the visits the agent finished.
    public var ratings = 0
    public var ratingAverage: Double?
    public var nps: Double?
    /// Requests the agent typed with a resolution, and those resolved at first contact.
    public var typedRequests = 0
    public var firstContactResolutions = 0
    public var firstContactResolution: Double?
    /// Escalations the agent opened; still open at the end of the period; of those, past due.
    public var escalationsOpened = 0
    public var escalationsOpen = 0
    public var escalationsOverdue = 0
    /// Hours signed in at a counter.
    public var signedInHours: Double = 0

    public init(agent: AgentID?) { self.agent = agent }
}

/// Per-agent figures computed from events alone, like ``KPICalculator`` (so the kiosk, the
/// centre and an independent check agree). Attribution: a visit's wait belongs to the agent of
/// its first call; service, rating and resolution to the agent who finished it; a no-show to
/// the agent who marked it; an escalation to the agent who opened it.
public struct AgentKPICalculator: Sendable {
    public var configuration: OfficeConfiguration

    public init(configuration: OfficeConfiguration) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - events: the period's events in order (later `escalation.closed` events included).
    ///   - until: the end of the period (sessions still open count until then; escalations are
    ///     open or overdue as of the office day of `until`).
    /// - Returns: one line per agent with any activity, by id; the line for visits with no agent
    ///   (nil) last, when there are any.
    public func report(events: [QueueEvent], until: Date) -> [AgentKPI] {
        var ledger = VisitLedger()
        for event in events { ledger.record(event) }
        ledger.closeCounters(at: until)
        let today = LocalDay(containing: until, in: configuration.resolvedTimeZone)

        var agents = Set<AgentID?>()
        for visit in ledger.visits {
            if visit.firstCall != nil { agents.insert(visit.calledBy) }
            if visit.end == .served || visit.end == .noShow { agents.insert(visit.endedBy) }
        }
        for escalation in ledger.escalations.values { agents.insert(escalation.agent) }
        for agent in ledger.signedInSeconds.keys { agents.insert(agent) }

        return agents.sorted { ($0?.rawValue ?? "\u{10FFFF}") < ($1?.rawValue ?? "\u{10FFFF}") }.map { agent in
            var kpi = AgentKPI(agent: agent)
            let served = ledger.visits.filter { $0.end == .served && $0.endedBy == agent && $0.outcome != .unrecorded }
            kpi.attended = served.count
            kpi.handlingAverage = Statistics.mean(served.compactMap(\.serviceTime))
            let called = ledger.visits.filter { $0.firstCall != nil && $0.calledBy == agent }
            kpi.called = called.count
            let waits = called.compactMap(\.wait)
            kpi.waitAverage = Statistics.mean(waits)
            kpi.waitP90 = Statistics.percentile(waits, 0.9)
            kpi.noShows = ledger.visits.count { $0.end == .noShow && $0.endedBy == agent }
            kpi.noShowRate = Statistics.share(kpi.noShows, of: kpi.called)
            let ratings = ledger.ratings.filter { $0.agent == agent && $0.visit != nil }
            kpi.ratings = ratings.count
            kpi.ratingAverage = Statistics.mean(ratings.map { Double($0.score) })
            if !ratings.isEmpty {
                let promoters = ratings.count { $0.score >= 9 }
                let detractors = ratings.count { $0.score <= configuration.rating.detractorMaxScore }
                kpi.nps = 100 * Double(promoters - detractors) / Double(ratings.count)
            }
            let typed = served.filter { $0.resolution != nil }
            kpi.typedRequests = typed.count
            kpi.firstContactResolutions = typed.count { $0.resolution == .firstContact }
            kpi.firstContactResolution = Statistics.share(kpi.firstContactResolutions, of: kpi.typedRequests)
            let escalations = ledger.escalations.values.filter { $0.agent == agent }
            kpi.escalationsOpened = escalations.count
            let open = escalations.filter { $0.closedAt.map { $0 > until } ?? true }
            kpi.escalationsOpen = open.count
            kpi.escalationsOverdue = open.count { today > $0.due }
            kpi.signedInHours = ((agent.flatMap { ledger.signedInSeconds[$0] } ?? 0) / 36).rounded() / 100
            return kpi
        }
    }

    /// The attentions agents served in `events` (for audits): served visits with an agent, in
    /// finish order, each with its wait, handling time, rating and request.
    public func attentions(events: [QueueEvent]) -> [Attention] {
        var ledger = VisitLedger()
        var days: [UUID: LocalDay] = [:]
        for event in events {
            ledger.record(event)
            if case .turnIssued(let turn, _, _, _, _, _) = event.payload { days[turn.id] = event.day }
        }
        var ratings: [Int: Int] = [:]
        for rating in ledger.ratings { if let visit = rating.visit { ratings[visit] = rating.score } }
        return ledger.visits.enumerated().compactMap { index, visit -> Attention? in
            guard visit.end == .served, visit.outcome != .unrecorded, let agent = visit.endedBy, let finished = visit.endedAt
            else { return nil }
            let day = days[visit.turn] ?? LocalDay(containing: finished, in: configuration.resolvedTimeZone)
            return Attention(
                turn: visit.reference, day: day, agent: agent, counter: visit.counter ?? 0, calledAt: visit.firstCall,
                finishedAt: finished, wait: visit.wait, handling: visit.serviceTime, rating: ratings[index],
                types: visit.types, resolution: visit.resolution)
        }
    }
}
