import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero report`: the day's KPIs as a table or JSON.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Show the KPIs of an office day (waits, service level, no-shows, NPS…).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The office day, YYYY-MM-DD (default: today in the office's time zone).") var date: String?
    @Flag(help: "Print JSON.") var json = false

    mutating func run() async throws {
        let global = self.global
        let date = self.date
        let json = self.json
        try await reportingFailures {
            var day: LocalDay?
            if let date {
                guard let parsed = LocalDay(rawValue: date) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "--date must be a real date as YYYY-MM-DD (got '\(date.prefix(20))')")
                }
                day = parsed
            }
            let store = try global.openStore()
            let report = try store.report(day: day)
            if json { return try printJSON(report) }
            print(ReportTable.render(report, office: store.configuration))
        }
    }
}

/// The report as a fixed-width table for a terminal or a printout.
enum ReportTable {
    static func render(_ report: KPIReport, office: OfficeConfiguration) -> String {
        var lines: [String] = []
        lines.append("Informe del día \(report.day) — \(office.officeName) (\(report.officeId))")
        lines.append("Times in minutes; SL = share of turns called within the service's target wait.")
        let header = [
            pad("Service", 16), pad("Issued", 6, right: true), pad("Served", 6, right: true),
            pad("NoShow", 6, right: true), pad("Wait", 6, right: true), pad("p50", 6, right: true),
            pad("p90", 6, right: true), pad("Serv", 6, right: true), pad("SL", 10, right: true),
            pad("NoSh%", 6, right: true), pad("Aband", 6, right: true), pad("NPS", 5, right: true),
        ].joined(separator: " ")
        lines.append(header)
        lines.append(String(repeating: "-", count: header.count))
        func row(_ name: String, _ k: KPISet, total: Bool = false) -> String {
            [
                pad(String(name.prefix(16)), 16), pad(String(k.issued), 6, right: true),
                pad(String(k.served), 6, right: true), pad(String(k.noShows), 6, right: true),
                pad(minutes(k.waitAverage), 6, right: true), pad(minutes(k.waitMedian), 6, right: true),
                pad(minutes(k.waitP90), 6, right: true), pad(minutes(k.serviceAverage), 6, right: true),
                // The total pools the service lines: each visit against its own service's target.
                pad(total ? percent(k.serviceLevel) : "\(percent(k.serviceLevel))≤\(k.serviceLevelMinutes)", 10, right: true),
                pad(percent(k.noShowRate), 6, right: true), pad(percent(k.abandonmentRate), 6, right: true),
                pad(k.nps.map { String(format: "%.0f", $0) } ?? "—", 5, right: true),
            ].joined(separator: " ")
        }
        for service in report.services { lines.append(row(service.name, service.kpis)) }
        lines.append(String(repeating: "-", count: header.count))
        lines.append(row("TOTAL", report.total, total: true))
        let t = report.total
        lines.append("")
        lines.append(
            "Counters: \(String(format: "%.2f", report.counterOpenHours)) h open, utilisation \(percent(report.utilisation)), "
                + "throughput \(report.throughputPerCounterHour.map { String(format: "%.1f", $0) } ?? "—") served per counter-hour")
        lines.append(
            "Ratings: \(t.ratings) (mean \(t.ratingAverage.map { String(format: "%.1f", $0) } ?? "—"), "
                + "NPS \(t.nps.map { String(format: "%.0f", $0) } ?? "—"), response rate \(percent(t.ratingResponseRate)))")
        lines.append(
            "Call-backs: \(t.callbacksOpened) opened, \(t.callbacksClosedInTime) closed in time (SLA \(percent(t.callbackSLA)))")
        lines.append(
            "Wait estimates: \(t.estimateSamples) checked, mean error \(t.estimateErrorMinutes.map { String(format: "%.1f", $0) } ?? "—") min, "
                + "\(percent(t.estimateWithinRange)) within the printed range")
        return lines.joined(separator: "\n")
    }
}
