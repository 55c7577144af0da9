public import Foundation

/// One office's month (or, with `officeId` `*`, every office's): the indicators against their
/// targets and last month, the figures per service and per agent, the audits, and the days'
/// service level and wait for the charts.
public struct MonthlyOfficeReport: Codable, Sendable, Hashable {
    public var officeId: String
    public var officeName: String
    public var month: ReportMonth
    public var kpis: KPISet
    /// Last month's figures (nil when there was no activity).
    public var previous: KPISet?
    public var indicators: [IndicatorResult]
    public var services: [KPIReport.ServiceKPI]
    public var agents: [AgentKPI]
    public var audits: [AgentAuditScore]
    public var daily: [DailyPoint]

    /// One day of the month, for the charts.
    public struct DailyPoint: Codable, Sendable, Hashable {
        public var day: LocalDay
        public var served: Int
        /// 0–100, over `judged` visits.
        public var serviceLevel: Double?
        public var judged: Int
        /// Minutes, over `called` visits.
        public var waitAverage: Double?
        public var called: Int
    }
}

/// The monthly quality report: every office against the contracted targets, and all of them
/// together. Pure: events and audits in, figures out (the centre renders them as CSV and HTML).
public struct MonthlyQualityReport: Codable, Sendable, Hashable {
    public var month: ReportMonth
    public var targets: IndicatorTargets
    public var consolidated: MonthlyOfficeReport
    public var offices: [MonthlyOfficeReport]

    /// What the builder needs of one office.
    public struct OfficeInput: Sendable {
        public var configuration: OfficeConfiguration
        /// The month's events in order (plus closures made at the centre).
        public var events: [QueueEvent]
        /// The previous month's events.
        public var previousEvents: [QueueEvent]
        /// The month's audits of this office's agents.
        public var audits: [AuditRecord]

        public init(configuration: OfficeConfiguration, events: [QueueEvent], previousEvents: [QueueEvent], audits: [AuditRecord]) {
            self.configuration = configuration
            self.events = events
            self.previousEvents = previousEvents
            self.audits = audits
        }
    }

    /// Builds the report of `month` as of `now` (a month still running counts until now).
    public init(month: ReportMonth, offices: [OfficeInput], targets: IndicatorTargets, now: Date) {
        self.month = month
        self.targets = targets
        let reports = offices.map { Self.office($0, month: month, targets: targets, now: now) }
        self.offices = reports
        let kpis = KPISet.pooled(reports.map(\.kpis), serviceLevelMinutes: offices.first?.configuration.serviceLevelMinutes ?? 15)
        let previousSets = reports.compactMap(\.previous)
        let previous = previousSets.isEmpty ? nil : KPISet.pooled(previousSets, serviceLevelMinutes: kpis.serviceLevelMinutes)
        var daily: [MonthlyOfficeReport.DailyPoint] = []
        for (index, day) in month.days.enumerated() {
            let points = reports.compactMap { $0.daily.indices.contains(index) ? $0.daily[index] : nil }
            // Days pooled like the month: weighted by what each office judged and called.
            daily.append(MonthlyOfficeReport.DailyPoint(
                day: day, served: points.reduce(0) { $0 + $1.served },
                serviceLevel: Self.weighted(points.map { ($0.serviceLevel, $0.judged) }), judged: points.reduce(0) { $0 + $1.judged },
                waitAverage: Self.weighted(points.map { ($0.waitAverage, $0.called) }), called: points.reduce(0) { $0 + $1.called }))
        }
        consolidated = MonthlyOfficeReport(
            officeId: "*", officeName: "Todas las oficinas", month: month, kpis: kpis, previous: previous,
            indicators: Self.indicators(kpis, previous: previous, targets: targets), services: [],
            agents: [], audits: AgentAuditScore.scores(offices.flatMap(\.audits)), daily: daily)
    }

    static func office(_ input: OfficeInput, month: ReportMonth, targets: IndicatorTargets, now: Date) -> MonthlyOfficeReport {
        let configuration = input.configuration
        let zone = configuration.resolvedTimeZone
        let end = min(now, month.lastDay.interval(in: zone).end)
        let calculator = KPICalculator(configuration: configuration)
        let report = calculator.report(events: input.events, day: month.firstDay, until: end)
        var previous: KPISet?
        if !input.previousEvents.isEmpty {
            let previousEnd = min(now, month.previous.lastDay.interval(in: zone).end)
            previous = calculator.report(events: input.previousEvents, day: month.previous.firstDay, until: previousEnd).total
        }
        var byDay: [LocalDay: [QueueEvent]] = [:]
        for event in input.events { byDay[event.day, default: []].append(event) }
        let daily = month.days.map { day -> MonthlyOfficeReport.DailyPoint in
            guard let events = byDay[day] else {
                return .init(day: day, served: 0, serviceLevel: nil, judged: 0, waitAverage: nil, called: 0)
            }
            let total = calculator.report(events: events, day: day, until: min(end, day.interval(in: zone).end)).total
            return .init(
                day: day, served: total.served, serviceLevel: total.serviceLevel.map { $0 * 100 }, judged: total.serviceLevelJudged,
                waitAverage: total.waitAverage.map { $0 / 60 }, called: total.called)
        }
        return MonthlyOfficeReport(
            officeId: configuration.officeId, officeName: configuration.officeName, month: month, kpis: report.total,
            previous: previous, indicators: indicators(report.total, previous: previous, targets: targets),
            services: report.services, agents: AgentKPICalculator(configuration: configuration).report(events: input.events, until: end),
            audits: AgentAuditScore.scores(input.audits), daily: daily)
    }

    static func indicators(_ kpis: KPISet, previous: KPISet?, targets: IndicatorTargets) -> [IndicatorResult] {
        Indicator.allCases.map { indicator in
            IndicatorResult(
                indicator: indicator, value: indicator.value(in: kpis), target: targets.target(indicator),
                previous: previous.flatMap { indicator.value(in: $0) })
        }
    }

    private static func weighted(_ values: [(Double?, Int)]) -> Double? {
        let present = values.compactMap { value, weight in value.map { ($0, Double(weight)) } }
        let weight = present.reduce(0) { $0 + $1.1 }
        return weight > 0 ? present.reduce(0) { $0 + $1.0 * $1.1 } / weight : nil
    }
}
