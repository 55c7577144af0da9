public import Foundation
import SyncProtocol
public import TurneroCore

/// The daily and monthly KPI reports offices send, per office and service, computed from the
/// stored events with `KPICalculator` (the definitions of docs/queue-rules.md). One row per
/// office, period and service, plus a total row (`service` = `*`) that also carries the
/// counter figures. CSV and JSON have the same columns.
public struct KPIExport: Sendable {
    /// Report period.
    public enum Period: Sendable, Hashable {
        case daily(from: LocalDay, to: LocalDay)
        case monthly(year: Int, month: Int)
    }

    /// A row: column name → value (numbers, strings or nil).
    public typealias Row = [(String, ExportValue)]

    /// A cell.
    public enum ExportValue: Sendable, Hashable {
        case text(String)
        case integer(Int)
        case decimal(Double?)
    }

    /// The columns, in order.
    public static let columns = [
        "office_id", "period", "service", "issued", "called", "served", "no_shows", "cancelled", "abandoned",
        "wait_avg_min", "wait_median_min", "wait_p90_min", "target_min", "service_level_pct", "no_show_rate_pct",
        "abandonment_rate_pct", "walk_avg_min", "service_avg_min", "ratings", "rating_avg", "nps",
        "rating_response_rate_pct", "callbacks_opened", "callbacks_closed_in_time", "callback_sla_pct",
        "counter_open_hours", "utilisation_pct", "throughput_per_counter_hour", "service_level_hits",
        "service_level_judged", "callbacks_without_contact",
    ]

    /// The longest daily range one request may ask for.
    public static let maxDays = 92

    let storage: any CentralStorage

    public init(storage: any CentralStorage) { self.storage = storage }

    /// The rows of `period` for `offices`, as of `now` (counters still open count until now).
    public func rows(offices: [String], period: Period, now: Date) async throws -> [Row] {
        var rows: [Row] = []
        for office in offices {
            let configuration = try await configuration(office)
            let (start, _) = Self.bounds(period)
            let closures = try await centreClosures(office: office, from: start)
            switch period {
            case .daily(let from, let to):
                let events = try await storage.acceptedEvents(officeId: office, fromDay: from.rawValue, toDay: to.rawValue)
                var byDay: [String: [StoredEvent]] = [:]
                for event in events { byDay[event.day, default: []].append(event) }
                for day in byDay.keys.sorted() {
                    guard let local = LocalDay(rawValue: day) else { continue }
                    let queue = Self.timeline(byDay[day] ?? []) + closures
                    let config = configuration ?? OfficeSnapshot.fallbackConfiguration(officeId: office, events: queue)
                    let end = local.interval(in: config.resolvedTimeZone).end
                    let report = KPICalculator(configuration: config).report(events: queue, day: local, until: min(now, end))
                    rows += Self.rows(report, office: office, period: day)
                }
            case .monthly(let year, let month):
                let (first, last) = Self.monthBounds(year: year, month: month)
                let events = try await storage.acceptedEvents(officeId: office, fromDay: first.rawValue, toDay: last.rawValue)
                guard !events.isEmpty else { continue }
                let queue = Self.timeline(events) + closures
                let config = configuration ?? OfficeSnapshot.fallbackConfiguration(officeId: office, events: queue)
                let end = last.interval(in: config.resolvedTimeZone).end
                let report = KPICalculator(configuration: config).report(events: queue, day: first, until: min(now, end))
                rows += Self.rows(report, office: office, period: String(format: "%04d-%02d", year, month))
            }
        }
        return rows
    }

    /// RFC 4180 CSV with a header line. Text cells that a spreadsheet would run as a formula
    /// are prefixed with `'`.
    public static func csv(_ rows: [Row], columns: [String] = KPIExport.columns) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { cell($0.1) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The rows as a JSON array of objects with the CSV's column names.
    public static func json(_ rows: [Row], kind: String) -> [UInt8] {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (name, value) in row {
                switch value {
                case .text(let text): object[name] = text
                case .integer(let number): object[name] = number
                case .decimal(let number): object[name] = number.map { ($0 * 100).rounded() / 100 } ?? NSNull()
                }
            }
            return object
        }
        let document: [String: Any] = ["kind": kind, "columns": columns, "rows": objects]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }

    private static func cell(_ value: ExportValue) -> String {
        switch value {
        case .integer(let number): return String(number)
        case .decimal(let number): return number.map { String(format: "%.2f", $0) } ?? ""
        case .text(var text):
            if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    private static func rows(_ report: KPIReport, office: String, period: String) -> [Row] {
        var rows = [row(report.total, office: office, period: period, service: "*", counters: report)]
        for line in report.services {
            rows.append(row(line.kpis, office: office, period: period, service: line.service.rawValue, counters: nil))
        }
        return rows
    }

    private static func row(_ kpis: KPISet, office: String, period: String, service: String, counters: KPIReport?) -> Row {
        func minutes(_ seconds: Double?) -> ExportValue { .decimal(seconds.map { $0 / 60 }) }
        func percent(_ share: Double?) -> ExportValue { .decimal(share.map { $0 * 100 }) }
        return [
            ("office_id", .text(office)), ("period", .text(period)), ("service", .text(service)),
            ("issued", .integer(kpis.issued)), ("called", .integer(kpis.called)), ("served", .integer(kpis.served)),
            ("no_shows", .integer(kpis.noShows)), ("cancelled", .integer(kpis.cancelled)),
            ("abandoned", .integer(kpis.abandoned)), ("wait_avg_min", minutes(kpis.waitAverage)),
            ("wait_median_min", minutes(kpis.waitMedian)), ("wait_p90_min", minutes(kpis.waitP90)),
            ("target_min", .integer(kpis.serviceLevelMinutes)), ("service_level_pct", percent(kpis.serviceLevel)),
            ("no_show_rate_pct", percent(kpis.noShowRate)), ("abandonment_rate_pct", percent(kpis.abandonmentRate)),
            ("walk_avg_min", minutes(kpis.walkAverage)), ("service_avg_min", minutes(kpis.serviceAverage)),
            ("ratings", .integer(kpis.ratings)), ("rating_avg", .decimal(kpis.ratingAverage)), ("nps", .decimal(kpis.nps)),
            ("rating_response_rate_pct", percent(kpis.ratingResponseRate)),
            ("callbacks_opened", .integer(kpis.callbacksOpened)),
            ("callbacks_closed_in_time", .integer(kpis.callbacksClosedInTime)), ("callback_sla_pct", percent(kpis.callbackSLA)),
            ("counter_open_hours", .decimal(counters?.counterOpenHours)),
            ("utilisation_pct", percent(counters?.utilisation)),
            ("throughput_per_counter_hour", .decimal(counters?.throughputPerCounterHour)),
            ("service_level_hits", .integer(kpis.serviceLevelHits)), ("service_level_judged", .integer(kpis.serviceLevelJudged)),
            ("callbacks_without_contact", .integer(kpis.callbacksWithoutContact)),
        ]
    }

    /// Call-backs closed at the centre, as events: they count in the office's figures like the
    /// office's own closures.
    func centreClosures(office: String, from start: LocalDay) async throws -> [QueueEvent] {
        try await storage.callbacks(CallbackFilter(
            officeId: office, openOnly: false, openedSince: start.interval(in: .gmt).start.addingTimeInterval(-86_400), limit: 200_000)
        ).compactMap(\.centreClosureEvent)
    }

    /// The office's published configuration, or nil.
    func configuration(_ office: String) async throws -> OfficeConfiguration? {
        guard let snapshot = try await storage.dataset(name: DatasetName.officeConfig, officeId: office),
            let document = snapshot.rows.first(where: { $0.key == "office" })?.value
        else { return nil }
        return try? OfficeConfiguration.load(json: Data(document.utf8))
    }

    /// Stored events (sorted by kiosk, epoch, seq) → one timeline.
    static func timeline(_ events: [StoredEvent]) -> [QueueEvent] {
        var streams: [[QueueEvent]] = []
        var current: (String, String)?
        for event in events {
            guard let decoded = event.queueEvent else { continue }
            if current.map({ $0 == (event.kioskId, event.dbEpoch) }) != true {
                streams.append([])
                current = (event.kioskId, event.dbEpoch)
            }
            streams[streams.count - 1].append(decoded)
        }
        return TimelineMerge.merge(streams)
    }

    /// First and last day of a period.
    static func bounds(_ period: Period) -> (LocalDay, LocalDay) {
        switch period {
        case .daily(let from, let to): (from, to)
        case .monthly(let year, let month): monthBounds(year: year, month: month)
        }
    }

    /// First and last day of a month.
    public static func monthBounds(year: Int, month: Int) -> (LocalDay, LocalDay) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.gmt
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let days = calendar.range(of: .day, in: .month, for: start)?.count ?? 28
        let first = LocalDay(rawValue: String(format: "%04d-%02d-01", year, month))!
        let last = LocalDay(rawValue: String(format: "%04d-%02d-%02d", year, month, days))!
        return (first, last)
    }
}
