import Foundation
import TurneroCore

/// The monthly quality report (issue 16) from the stored events: every office against the
/// contracted targets with last month beside, per-agent figures and audit scores, all offices
/// pooled. The figures are the core's (`MonthlyQualityReport`, `AgentKPICalculator`); this
/// type only gathers each office's events and writes CSV.
struct QualityExport: Sendable {
    let export: KPIExport
    let storage: any CentralStorage
    let targets: IndicatorTargets

    /// The report of `month` for `offices` (offices with no events in the month or the one
    /// before are left out), as of `now`.
    func report(month: ReportMonth, offices: [String], now: Date) async throws -> MonthlyQualityReport {
        var inputs: [MonthlyQualityReport.OfficeInput] = []
        for office in offices {
            let events = try await timeline(office: office, month: month)
            let previous = try await timeline(office: office, month: month.previous)
            guard !events.isEmpty || !previous.isEmpty else { continue }
            let closures = try await export.centreClosures(office: office, from: month.previous.firstDay)
            let configuration = try await export.configuration(office)
                ?? OfficeSnapshot.fallbackConfiguration(officeId: office, events: events + previous)
            let audits = events.compactMap(AuditRecord.init(event:)).filter { $0.month == month }
                + (try await storage.audits(officeId: office, month: month.rawValue))
            inputs.append(.init(configuration: configuration, events: events + closures, previousEvents: previous + closures, audits: audits))
        }
        return MonthlyQualityReport(month: month, offices: inputs, targets: targets, now: now)
    }

    /// The office's events of `month`, in timeline order.
    func timeline(office: String, month: ReportMonth) async throws -> [QueueEvent] {
        KPIExport.timeline(try await storage.acceptedEvents(officeId: office, fromDay: month.firstDay.rawValue, toDay: month.lastDay.rawValue))
    }

    /// The indicators: one row per office (`*` for all of them) and indicator.
    static let indicatorColumns = ["office_id", "month", "indicator", "unit", "value", "target", "met", "previous", "change"]

    /// The agents: one row per office and agent (`(sin asesor)` for turns served with nobody signed in).
    static let agentColumns = [
        "office_id", "month", "agent", "attended", "handling_avg_min", "called", "wait_avg_min", "wait_p90_min", "no_shows",
        "no_show_rate_pct", "ratings", "rating_avg", "nps", "typed_requests", "first_contact_resolution_pct",
        "escalations_opened", "escalations_open", "escalations_overdue", "signed_in_hours", "audits", "audit_score",
    ]

    static func indicatorRows(_ report: MonthlyQualityReport) -> [KPIExport.Row] {
        ([report.consolidated] + report.offices).flatMap { office in
            office.indicators.map { result -> KPIExport.Row in
                zip(indicatorColumns, [
                    .text(office.officeId), .text(report.month.rawValue), .text(result.indicator.rawValue), .text(result.indicator.unit),
                    .decimal(result.value), .decimal(result.target), .text(result.met.map { $0 ? "yes" : "no" } ?? ""),
                    .decimal(result.previous), .decimal(result.change),
                ] as [KPIExport.ExportValue]).map { ($0, $1) }
            }
        }
    }

    static func agentRows(_ report: MonthlyQualityReport) -> [KPIExport.Row] {
        func minutes(_ seconds: Double?) -> KPIExport.ExportValue { .decimal(seconds.map { $0 / 60 }) }
        func percent(_ share: Double?) -> KPIExport.ExportValue { .decimal(share.map { $0 * 100 }) }
        return report.offices.flatMap { office in
            office.agents.map { kpi -> KPIExport.Row in
                let audit = kpi.agent.flatMap { agent in office.audits.first { $0.agent == agent } }
                return zip(agentColumns, [
                    .text(office.officeId), .text(report.month.rawValue), .text(kpi.agent?.rawValue ?? "(sin asesor)"), .integer(kpi.attended),
                    minutes(kpi.handlingAverage), .integer(kpi.called), minutes(kpi.waitAverage), minutes(kpi.waitP90),
                    .integer(kpi.noShows), percent(kpi.noShowRate), .integer(kpi.ratings), .decimal(kpi.ratingAverage), .decimal(kpi.nps),
                    .integer(kpi.typedRequests), percent(kpi.firstContactResolution), .integer(kpi.escalationsOpened),
                    .integer(kpi.escalationsOpen), .integer(kpi.escalationsOverdue), .decimal(kpi.signedInHours),
                    .integer(audit?.audits ?? 0), .decimal(audit?.score),
                ] as [KPIExport.ExportValue]).map { ($0, $1) }
            }
        }
    }
}
