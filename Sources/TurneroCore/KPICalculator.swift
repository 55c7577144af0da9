public import Foundation

/// Computes a day's KPIs from its events alone (the same code can run at the central server).
///
/// A *visit* is one turn's stay in one service: issue or transfer-in until finish, no-show,
/// transfer-out, cancel or abandon. Definitions: docs/kpis.md.
public struct KPICalculator: Sendable {
    public var configuration: OfficeConfiguration

    public init(configuration: OfficeConfiguration) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - events: the day's events in sequence order, plus any later `callback.closed` events.
    ///   - day: the office day reported.
    ///   - until: end of the period for counters still open (now, or the day's end).
    public func report(events: [QueueEvent], day: LocalDay, until: Date) -> KPIReport {
        var ledger = VisitLedger()
        for event in events { ledger.record(event) }
        ledger.closeCounters(at: until)

        // The total judges each visit against its own service's target, so it is the pooled
        // figure of the service rows (docs/kpis.md), never a re-judgement at the office default.
        var total = kpis(
            visits: ledger.visits, issuedTurns: ledger.issuedTurns, ledger: ledger,
            reportedMinutes: configuration.serviceLevelMinutes, service: nil, until: until)
        total.issued = ledger.issuedTurns
        let services = configuration.services.map { service in
            let minutes = service.targetWaitMinutes ?? configuration.serviceLevelMinutes
            let visits = ledger.visits.filter { $0.service == service.code }
            return KPIReport.ServiceKPI(
                service: service.code, name: service.name.es,
                kpis: kpis(
                    visits: visits, issuedTurns: visits.count, ledger: ledger, reportedMinutes: minutes,
                    service: service.code, until: until))
        }
        let openHours = ledger.counterOpenSeconds / 3600
        let serviceSeconds = ledger.visits.compactMap(\.serviceTime).reduce(0, +)
        return KPIReport(
            officeId: configuration.officeId, day: day, total: total, services: services,
            counterOpenHours: (openHours * 100).rounded() / 100,
            utilisation: openHours > 0 ? serviceSeconds / ledger.counterOpenSeconds : nil,
            throughputPerCounterHour: openHours > 0 ? Double(total.served) / openHours : nil)
    }

    /// - Parameter reportedMinutes: the target shown with the figures (the service's own, or the
    ///   office default on the total line); each visit is judged against its service's target.
    private func kpis(
        visits: [Visit], issuedTurns: Int, ledger: VisitLedger, reportedMinutes: Int, service: ServiceCode?,
        until: Date
    ) -> KPISet {
        var set = KPISet(serviceLevelMinutes: reportedMinutes)
        set.issued = issuedTurns
        let called = visits.filter { $0.firstCall != nil }
        set.called = called.count
        set.served = visits.count { $0.end == .served }
        set.noShows = visits.count { $0.end == .noShow }
        set.cancelled = visits.count { $0.end == .cancelled }
        set.abandoned = visits.count { $0.end == .abandoned }
        let waits = called.compactMap(\.wait)
        set.waitAverage = Statistics.mean(waits)
        set.waitMedian = Statistics.percentile(waits, 0.5)
        set.waitP90 = Statistics.percentile(waits, 0.9)
        set.walkAverage = Statistics.mean(visits.compactMap(\.walk))
        set.serviceAverage = Statistics.mean(visits.filter { $0.end == .served }.compactMap(\.serviceTime))
        let hits = called.count { visit in
            visit.wait.map { $0 <= configuration.serviceLevelThreshold(for: visit.service) } ?? false
        }
        let abandonedMisses = visits.count {
            $0.end == .abandoned && $0.firstCall == nil
                && ($0.endedAt ?? $0.enteredAt).timeIntervalSince($0.enteredAt) > configuration.serviceLevelThreshold(for: $0.service)
        }
        set.serviceLevelHits = hits
        set.serviceLevelJudged = waits.count + abandonedMisses
        set.serviceLevel = Statistics.share(hits, of: set.serviceLevelJudged)
        set.noShowRate = Statistics.share(set.noShows, of: set.called)
        set.abandonmentRate = Statistics.share(set.abandoned + set.cancelled, of: set.issued)

        let ratings = ledger.ratings.filter { service == nil || $0.service == service }
        set.ratings = ratings.count
        set.ratingAverage = Statistics.mean(ratings.map { Double($0.score) })
        if !ratings.isEmpty {
            let promoters = ratings.count { $0.score >= 9 }
            let detractors = ratings.count { $0.score <= configuration.rating.detractorMaxScore }
            set.nps = 100 * Double(promoters - detractors) / Double(ratings.count)
        }
        set.ratingResponseRate = Statistics.share(ratings.count, of: set.served)

        let opened = ledger.callbacks.values.filter { service == nil || $0.service == service }
        set.callbacksOpened = opened.count
        // A call-back closed by someone counts as worked even without a number; one nobody can
        // call (no number given) and nobody closed is counted apart, never as a missed deadline.
        let workable = opened.filter { $0.hasContact || $0.closedAt != nil }
        set.callbacksWithoutContact = opened.count - workable.count
        set.callbacksClosedInTime = workable.count { callback in
            callback.closedAt.map { $0 <= callback.deadline } ?? false
        }
        // Only call-backs already closed or past their deadline can have met or missed it.
        let decided = workable.count { $0.closedAt != nil || $0.deadline < until }
        set.callbackSLA = Statistics.share(set.callbacksClosedInTime, of: decided)
        let worked = opened.compactMap(\.outcome)
        set.callbacksWorked = worked.count
        set.callbacksReached = worked.count(where: \.reachedCustomer)
        set.callbackEffectiveContact = Statistics.share(set.callbacksReached, of: set.callbacksWorked)

        let typed = visits.filter { $0.end == .served && $0.resolution != nil }
        set.typedRequests = typed.count
        set.firstContactResolutions = typed.count { $0.resolution == .firstContact }
        set.firstContactResolution = Statistics.share(set.firstContactResolutions, of: set.typedRequests)
        set.escalationsOpened = ledger.escalations.values.count { service == nil || $0.service == service }

        let estimated = visits.compactMap { visit -> (WaitEstimate, Double)? in
            guard let estimate = visit.printedEstimate, let wait = visit.wait else { return nil }
            return (estimate, wait / 60)
        }
        set.estimateSamples = estimated.count
        set.estimateErrorMinutes = Statistics.mean(estimated.map { abs($0.1 - $0.0.pointMinutes) })
        set.estimateWithinRange = Statistics.share(
            estimated.count { Double($0.0.lowerMinutes) <= $0.1 && $0.1 <= Double($0.0.upperMinutes) },
            of: estimated.count)
        return set
    }
}
