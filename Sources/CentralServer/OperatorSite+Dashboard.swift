import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// The live pages: the group's offices ranked, and one office. They refresh every 5 s.
extension OperatorSite {
    /// The group view's order: worst first by service level (`sl`, the default), longest p90 wait
    /// (`wait`), lowest NPS (`nps`) or most people waiting (`waiting`).
    static func ranked(_ offices: [OfficeSnapshot], by sort: String) -> [OfficeSnapshot] {
        switch sort {
        case "wait": offices.sorted { ($0.report.total.waitP90 ?? -1) > ($1.report.total.waitP90 ?? -1) }
        case "nps": offices.sorted { ($0.report.total.nps ?? 1000) < ($1.report.total.nps ?? 1000) }
        case "waiting": offices.sorted { $0.waiting > $1.waiting }
        default: offices.sorted { ($0.report.total.serviceLevel ?? 2, $0.officeId) < ($1.report.total.serviceLevel ?? 2, $1.officeId) }
        }
    }

    /// `GET /dashboard`: every office, ranked (worst service level first by default); agents go
    /// to their call-backs.
    func groupPage(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        guard session.role == .manager else { return .seeOther( "/dashboard/callbacks") }
        let now = context.now
        let sort = request.query("sort") ?? "sl"
        let offices = Self.ranked(try await board.snapshots(now: now), by: sort)
        let waiting = offices.reduce(0) { $0 + $1.waiting }
        let kiosks = offices.flatMap(\.kiosks)
        let online = kiosks.count { $0.online }
        let printerAlerts = kiosks.count { $0.printer.severity == "bad" || $0.printer.severity == "warn" }
        let served = offices.reduce(0) { $0 + $1.report.total.served }
        let callbacks = CallbackRules.summary(try await board.callbacks(now: now), at: now, policy: policy)

        let rows = offices.enumerated().map { rank, office in Self.rankingRow(rank: rank, office) }.joined()
        let chartBars = offices.prefix(40).map {
            SVGChart.Bar(label: String($0.officeId.prefix(10)), value: $0.report.total.serviceLevel.map { $0 * 100 },
                         severity: Self.severity(serviceLevel: $0.report.total.serviceLevel))
        }
        let sortLinks = [("sl", "nivel de servicio"), ("wait", "espera p90"), ("waiting", "personas esperando"), ("nps", "NPS")]
            .map { key, label -> HTML in key == sort ? "<strong>\(label)</strong>" : "<a href=\"/dashboard?sort=\(pathSegment: key)\">\(label)</a>" }
            .joined(separator: " · ")
        let contactNote: HTML = "meta ≥ \(Format.percent(policy.effectiveContactTarget)) · \(callbacks.open) abiertas, \(callbacks.overdue) vencidas"
        let body: HTML = """
            <h1>Oficinas del grupo</h1><p class="sub">Hoy, en vivo (actualizado \(Format.time(now, in: Self.zone)) hora de Bogotá, cada 5 s). Ordenar por: \(sortLinks)</p>
            <div class="tiles">
            \(Self.tile("Oficinas", String(offices.count), kpi: "offices"))
            \(Self.tile("Personas esperando", String(waiting), kpi: "group-waiting"))
            \(Self.tile("Atendidos hoy", String(served), kpi: "group-served"))
            \(Self.tile("Kioscos en línea", "\(online)/\(kiosks.count)", kpi: "group-kiosks-online", severity: Self.severity(online: online, of: kiosks.count)))
            \(Self.tile("Impresoras con aviso", String(printerAlerts), kpi: "group-printer-alerts", severity: printerAlerts == 0 ? "ok" : "warn"))
            \(Self.tile("Contacto efectivo (30 d)", Format.percent(callbacks.effectiveContactRate), kpi: "group-effective-contact",
                note: contactNote, severity: callbacks.effectiveContactRate.map { $0 >= policy.effectiveContactTarget ? "ok" : "bad" }))
            </div>
            <h2>Ranking</h2>
            <table><thead><tr><th>Oficina</th><th>Esperando</th><th>Espera más larga</th><th>Espera prom. (min)</th><th>Espera p90 (min)</th>\
            <th>Nivel de servicio</th><th>No presentados</th><th>NPS</th><th>Respuesta calificación</th><th>Atendidos</th><th>Módulos abiertos</th><th>Kioscos</th><th style="text-align:left">Avisos</th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"13\" class=\"muted\">Sin kioscos inscritos todavía.</td></tr>" : rows)</tbody></table>
            <h2>Nivel de servicio por oficina</h2>
            <div class="chart">\(SVGChart.bars(Array(chartBars), target: Self.serviceLevelGoal * 100, unit: "%", title: "Nivel de servicio por oficina", width: 1100, height: 200))</div>
            """
        return Page(title: "Oficinas", body: body, navigation: Page.navigation(session), refresh: 5).response()
    }

    /// One office's line of the ranking.
    private static func rankingRow(rank: Int, _ office: OfficeSnapshot) -> HTML {
        let total = office.report.total
        let offline = office.kiosks.count { !$0.online }
        var alerts: [HTML] = []
        if offline > 0 { alerts.append("<span class=\"badge bad\" data-alert=\"silent\">\(offline) kiosco(s) sin conexión</span>") }
        for kiosk in office.kiosks where kiosk.online && (kiosk.printer.severity == "bad" || kiosk.printer.severity == "warn") {
            alerts.append("<span class=\"badge \(kiosk.printer.severity)\" data-alert=\"\(kiosk.printer.condition)\">\(kiosk.printer.label)</span>")
        }
        if office.callbacks.overdue > 0 { alerts.append("<span class=\"badge bad\">\(office.callbacks.overdue) llamada(s) vencida(s)</span>") }
        return """
            <tr data-office="\(office.officeId)"><td>\(rank + 1). <a href="/dashboard/offices/\(pathSegment: office.officeId)">\(office.officeName)</a></td>\
            \(cell(String(office.waiting), kpi: "waiting"))\
            \(cell(Format.duration(office.longestWait), kpi: "longest-wait"))\
            \(cell(Format.minutes(total.waitAverage), kpi: "wait-average"))\
            \(cell(Format.minutes(total.waitP90), kpi: "wait-p90", severity: severity(wait: total.waitP90, targetMinutes: total.serviceLevelMinutes)))\
            \(cell(Format.percent(total.serviceLevel), kpi: "service-level", severity: severity(serviceLevel: total.serviceLevel)))\
            \(cell(Format.percent(total.noShowRate), kpi: "no-show-rate"))\
            \(cell(Format.number(total.nps), kpi: "nps"))\
            \(cell(Format.percent(total.ratingResponseRate), kpi: "response-rate"))\
            \(cell(String(total.served), kpi: "served"))\
            \(cell(String(office.countersOpen.count), kpi: "counters-open"))\
            \(cell("\(office.kiosksOnline)/\(office.kiosks.count)", kpi: "kiosks-online"))\
            <td style="text-align:left">\(alerts.joined(separator: " "))</td></tr>
            """
    }
}
