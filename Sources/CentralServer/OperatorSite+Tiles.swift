import Foundation

// The pieces the live pages share: KPI cells and tiles, severities, the alert box.
extension OperatorSite {
    /// Share of visits within target that counts as good, and the band below it shown in amber.
    static let serviceLevelGoal = 0.8

    static func severity(serviceLevel: Double?) -> String? {
        guard let level = serviceLevel else { return nil }
        return level >= serviceLevelGoal ? "ok" : (level >= serviceLevelGoal - 0.1 ? "warn" : "bad")
    }

    static func severity(wait: Double?, targetMinutes: Int) -> String? {
        guard let wait else { return nil }
        let target = Double(targetMinutes * 60)
        return wait <= target ? "ok" : (wait <= target * 1.5 ? "warn" : "bad")
    }

    /// Kiosks online: green when all are, red when any is not, neutral when there are none.
    static func severity(online: Int, of total: Int) -> String? {
        guard total > 0 else { return nil }
        return online == total ? "ok" : "bad"
    }

    /// A table cell carrying one KPI (`data-kpi`, and `data-service` for a service's row).
    static func cell(_ text: String, kpi: String, service: String? = nil, severity: String? = nil) -> HTML {
        let serviceAttribute: HTML = service.map { " data-service=\"\($0)\"" } ?? .empty
        let classAttribute: HTML = severity.map { " class=\"\($0)\"" } ?? .empty
        return "<td data-kpi=\"\(kpi)\"\(serviceAttribute)\(classAttribute)>\(text)</td>"
    }

    /// A KPI tile: label, value, a note under it.
    static func tile(_ label: String, _ value: String, kpi: String, note: HTML = .empty, severity: String? = nil) -> HTML {
        let classAttribute: HTML = severity.map { " \($0)" } ?? .empty
        return """
            <div class="tile"><div class="label">\(label)</div>\
            <div class="value\(classAttribute)" data-kpi="\(kpi)">\(value)</div><div class="note">\(note)</div></div>
            """
    }

    /// A tile's note of plain text.
    static func note(_ text: String) -> HTML { "\(text)" }

    /// The office page's alerts: printers to attend and silent kiosks, on top where they are seen.
    static func alertBox(_ alerts: [OfficeSnapshot.Alert], zone: TimeZone) -> HTML {
        guard !alerts.isEmpty else { return .empty }
        let items = alerts.map { alert -> HTML in
            let since: HTML = alert.since.map { " desde \(Format.time($0, in: zone, withDate: true))" } ?? .empty
            return "<li class=\"\(alert.severity)\" data-alert=\"\(alert.kind)\" data-kiosk=\"\(alert.kioskId)\">\(alert.text)\(since)</li>"
        }.joined()
        return "<div class=\"alerts\" role=\"alert\"><strong>Atención</strong><ul>\(items)</ul></div>"
    }
}
