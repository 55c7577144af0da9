public import Foundation
import SyncProtocol
public import TurneroCore

/// What a manager sees for one office now: today's KPIs (``KPICalculator``, the definitions of
/// docs/queue-rules.md), who waits, counters, kiosks and call-backs. Pure value, computed from
/// events, heartbeats and call-backs by ``make(officeId:configuration:events:kiosks:callbacks:now:onlineWindow:)``.
public struct OfficeSnapshot: Sendable {
    /// One service's line.
    public struct ServiceLine: Sendable, Hashable {
        public var code: String
        public var name: String
        public var waiting: Int
        /// The longest current wait among those waiting, seconds.
        public var longestWait: Double?
        /// The service-level threshold (the service's target), minutes.
        public var targetMinutes: Int
        public var kpis: KPISet
    }

    /// One kiosk's line.
    public struct KioskLine: Sendable, Hashable {
        public var kioskId: String
        public var online: Bool
        public var lastContact: Date?
        public var pendingEvents: Int64?
        /// Age of the oldest event not yet at the centre, seconds, now.
        public var oldestPendingAge: Double?
        public var printer: PrinterConditionText
        /// Since when the printer has been in that condition.
        public var printerSince: Date?
        public var appVersion: String?
        /// The last ticket the kiosk handed out, and when.
        public var lastTicketLabel: String?
        public var lastTicketAt: Date?
        /// The dataset versions the kiosk runs on.
        public var datasetVersions: [String: Int64]
    }

    /// Something a person must act on: a printer to attend, a kiosk that went silent.
    public struct Alert: Sendable, Hashable {
        public var kioskId: String
        /// `paper_out`, `paper_near_end`, `cover_open`, `offline`, `error` or `silent`.
        public var kind: String
        /// `warn` or `bad`.
        public var severity: String
        /// Spanish, for the manager.
        public var text: String
        public var since: Date?
    }

    /// Printers needing attention and silent kiosks, worst first.
    public var alerts: [Alert] {
        var alerts: [Alert] = []
        for kiosk in kiosks {
            if !kiosk.online {
                alerts.append(Alert(
                    kioskId: kiosk.kioskId, kind: "silent", severity: "bad", text: "Kiosco \(kiosk.kioskId) sin conexión",
                    since: kiosk.lastContact))
            } else if kiosk.printer.severity == "bad" || kiosk.printer.severity == "warn" {
                alerts.append(Alert(
                    kioskId: kiosk.kioskId, kind: kiosk.printer.condition, severity: kiosk.printer.severity,
                    text: "Kiosco \(kiosk.kioskId): \(kiosk.printer.label.lowercased())", since: kiosk.printerSince))
            }
        }
        return alerts.sorted { ($0.severity == "bad" ? 0 : 1, $0.kioskId) < ($1.severity == "bad" ? 0 : 1, $1.kioskId) }
    }

    public var officeId: String
    public var officeName: String
    public var day: LocalDay
    public var timeZone: TimeZone
    public var report: KPIReport
    public var services: [ServiceLine]
    public var waiting: Int
    public var longestWait: Double?
    public var countersOpen: [Int]
    /// Arrivals and average waits per hour of the office day (0–23).
    public var hours: [HourFigures]
    public var kiosks: [KioskLine]
    public var callbacks: CallbackRules.Summary
    /// Scores at or below this are detractors at this office.
    public var detractorMaxScore = 6
    /// Today's figures per agent (issue 16), the visits nobody was signed in for last.
    public var agents: [AgentKPI] = []
    /// Events the figures were computed from.
    public var eventCount: Int
    public var computedAt: Date

    /// One hour of the chart.
    public struct HourFigures: Sendable, Hashable {
        public var hour: Int
        public var arrivals: Int
        /// Average wait of the visits first called in this hour, seconds.
        public var averageWait: Double?
    }

    public var kiosksOnline: Int { kiosks.count { $0.online } }

    /// Computes the snapshot.
    /// - Parameters:
    ///   - events: the office day's events, merged in timeline order.
    ///   - onlineWindow: a kiosk heard from (upload or heartbeat) within this many seconds is online.
    public static func make(
        officeId: String, configuration: OfficeConfiguration, events: [QueueEvent], kiosks: [KioskOverview],
        callbacks: [CallbackRecord], now: Date, onlineWindow: TimeInterval, policy: CallbackPolicy = .init()
    ) -> OfficeSnapshot {
        let timeZone = configuration.resolvedTimeZone
        let day = LocalDay(containing: now, in: timeZone)
        let bounds = day.interval(in: timeZone)
        let report = KPICalculator(configuration: configuration).report(events: events, day: day, until: min(now, bounds.end))
        var live = LiveQueue(dayStart: bounds.start)
        for event in events { live.record(event) }

        var services: [ServiceLine] = report.services.map { line in
            let waiting = live.waiting(in: line.service, at: now)
            return ServiceLine(
                code: line.service.rawValue, name: line.name, waiting: waiting.count, longestWait: waiting.longest,
                targetMinutes: line.kpis.serviceLevelMinutes, kpis: line.kpis)
        }
        // Services seen in events but missing from the configuration still show their queue.
        let known = Set(services.map(\.code))
        let seen = Set(live.visits.values.map(\.service.rawValue)).subtracting(known).sorted()
        for code in seen {
            let waiting = live.waiting(in: ServiceCode(code), at: now)
            services.append(ServiceLine(
                code: code, name: code, waiting: waiting.count, longestWait: waiting.longest,
                targetMinutes: configuration.serviceLevelMinutes, kpis: KPISet(serviceLevelMinutes: configuration.serviceLevelMinutes)))
        }
        let total = live.waiting(in: nil, at: now)
        let kioskLines = kiosks.filter { $0.officeId == officeId }.map { kiosk in
            KioskLine(
                kioskId: kiosk.kioskId, online: kiosk.lastContact.map { now.timeIntervalSince($0) <= onlineWindow } ?? false,
                lastContact: kiosk.lastContact, pendingEvents: kiosk.status?.pendingEvents,
                oldestPendingAge: kiosk.oldestPendingAge(at: now), printer: PrinterConditionText(kiosk.status?.printer),
                printerSince: kiosk.printerSince, appVersion: kiosk.status?.appVersion, lastTicketLabel: kiosk.status?.lastTicketLabel,
                lastTicketAt: kiosk.status?.lastTicketAt.map { Date(timeIntervalSince1970: Double($0) / 1000) },
                datasetVersions: kiosk.status?.datasetVersions ?? [:])
        }
        var snapshot = OfficeSnapshot(
            officeId: officeId, officeName: configuration.officeName, day: day, timeZone: timeZone, report: report,
            services: services, waiting: total.count, longestWait: total.longest, countersOpen: live.openCounters.sorted(),
            hours: live.hours.enumerated().map { HourFigures(hour: $0.offset, arrivals: $0.element.arrivals, averageWait: $0.element.averageWait) },
            kiosks: kioskLines,
            callbacks: CallbackRules.summary(callbacks.filter { $0.officeId == officeId }, at: now, policy: policy), eventCount: events.count,
            computedAt: now)
        snapshot.detractorMaxScore = configuration.rating.detractorMaxScore
        snapshot.agents = AgentKPICalculator(configuration: configuration).report(events: events, until: min(now, bounds.end))
        return snapshot
    }

    /// A configuration for an office that never published one: the services seen in its events,
    /// the default rules.
    public static func fallbackConfiguration(officeId: String, events: [QueueEvent]) -> OfficeConfiguration {
        var codes: [ServiceCode] = []
        for event in events {
            if let service = event.payload.turn?.service, !codes.contains(service) { codes.append(service) }
        }
        let services = codes.map { Service(code: $0, prefix: "", name: LocalizedText(es: $0.rawValue, en: $0.rawValue)) }
        return OfficeConfiguration(officeId: officeId, officeName: officeId, services: services, counters: [])
    }
}

/// A printer condition as the dashboard shows it (Spanish first, as the offices read it).
public struct PrinterConditionText: Sendable, Hashable {
    public var condition: String
    public var label: String
    /// `ok`, `warn` or `bad`: the badge colour.
    public var severity: String

    init(_ condition: KioskPrinterCondition?) {
        switch condition {
        case .ok?: self.init("ok", "Lista", "ok")
        case .paperNearEnd?: self.init("paper_near_end", "Papel por acabarse", "warn")
        case .paperOut?: self.init("paper_out", "Sin papel", "bad")
        case .coverOpen?: self.init("cover_open", "Tapa abierta", "bad")
        case .offline?: self.init("offline", "No responde", "bad")
        case .error?: self.init("error", "Error", "bad")
        case .unknown?, nil: self.init("unknown", "Sin dato", "unknown")
        }
    }

    private init(_ condition: String, _ label: String, _ severity: String) {
        self.condition = condition
        self.label = label
        self.severity = severity
    }
}
