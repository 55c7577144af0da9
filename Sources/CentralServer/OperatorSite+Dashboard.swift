import Foundation
import SyncProtocol
import TurneroCore

// The live pages: the group's offices ranked, and one office. They refresh every 5 s.
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

    static func cell(_ text: String, kpi: String, service: String? = nil, severity: String? = nil) -> String {
        let serviceAttribute = service.map { " data-service=\"\(HTML.escape($0))\"" } ?? ""
        let classAttribute = severity.map { " class=\"\($0)\"" } ?? ""
        return "<td data-kpi=\"\(kpi)\"\(serviceAttribute)\(classAttribute)>\(HTML.escape(text))</td>"
    }

    /// Kiosks online: green when all are, red when any is not, neutral when there are none.
    static func severity(online: Int, of total: Int) -> String? {
        guard total > 0 else { return nil }
        return online == total ? "ok" : "bad"
    }

    /// The office page's alerts: printers to attend and silent kiosks, on top where they are seen.
    static func alertBox(_ alerts: [OfficeSnapshot.Alert], zone: TimeZone) -> String {
        guard !alerts.isEmpty else { return "" }
        let items = alerts.map { alert -> String in
            let since = alert.since.map { " desde \(HTML.time($0, in: zone, withDate: true))" } ?? ""
            return "<li class=\"\(alert.severity)\" data-alert=\"\(HTML.escape(alert.kind))\" data-kiosk=\"\(HTML.escape(alert.kioskId))\">\(HTML.escape(alert.text))\(since)</li>"
        }.joined()
        return "<div class=\"alerts\" role=\"alert\"><strong>Atención</strong><ul>\(items)</ul></div>"
    }

    static func tile(_ label: String, _ value: String, kpi: String, note: String = "", severity: String? = nil) -> String {
        let classAttribute = severity.map { " \($0)" } ?? ""
        return """
            <div class="tile"><div class="label">\(HTML.escape(label))</div>\
            <div class="value\(classAttribute)" data-kpi="\(kpi)">\(HTML.escape(value))</div><div class="note">\(note)</div></div>
            """
    }

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

    /// `GET /dashboard`: every office, ranked (worst service level first by default).
    func groupPage(_ request: APIRequest, session: OperatorSession, now: Date) async throws -> APIResponse {
        let sort = FormData.query(of: request.target)["sort"] ?? "sl"
        let offices = Self.ranked(try await board.snapshots(now: now), by: sort)
        let waiting = offices.reduce(0) { $0 + $1.waiting }
        let kiosks = offices.flatMap(\.kiosks)
        let online = kiosks.count { $0.online }
        let printerAlerts = kiosks.count { $0.printer.severity == "bad" || $0.printer.severity == "warn" }
        let served = offices.reduce(0) { $0 + $1.report.total.served }
        let callbacks = CallbackRules.summary(try await board.callbacks(now: now), at: now, policy: policy)

        var rows = ""
        for (rank, office) in offices.enumerated() {
            let total = office.report.total
            let offline = office.kiosks.count { !$0.online }
            var alerts: [String] = []
            if offline > 0 { alerts.append("<span class=\"badge bad\" data-alert=\"silent\">\(offline) kiosco(s) sin conexión</span>") }
            for kiosk in office.kiosks where kiosk.online && (kiosk.printer.severity == "bad" || kiosk.printer.severity == "warn") {
                alerts.append("<span class=\"badge \(kiosk.printer.severity)\" data-alert=\"\(kiosk.printer.condition)\">\(HTML.escape(kiosk.printer.label))</span>")
            }
            if office.callbacks.overdue > 0 { alerts.append("<span class=\"badge bad\">\(office.callbacks.overdue) llamada(s) vencida(s)</span>") }
            rows += """
                <tr data-office="\(HTML.escape(office.officeId))"><td>\(rank + 1). <a href="/dashboard/offices/\(FormData.encode(office.officeId))">\(HTML.escape(office.officeName))</a></td>\
                \(Self.cell(String(office.waiting), kpi: "waiting"))\
                \(Self.cell(HTML.duration(office.longestWait), kpi: "longest-wait"))\
                \(Self.cell(HTML.minutes(total.waitAverage), kpi: "wait-average"))\
                \(Self.cell(HTML.minutes(total.waitP90), kpi: "wait-p90", severity: Self.severity(wait: total.waitP90, targetMinutes: total.serviceLevelMinutes)))\
                \(Self.cell(HTML.percent(total.serviceLevel), kpi: "service-level", severity: Self.severity(serviceLevel: total.serviceLevel)))\
                \(Self.cell(HTML.percent(total.noShowRate), kpi: "no-show-rate"))\
                \(Self.cell(HTML.number(total.nps), kpi: "nps"))\
                \(Self.cell(HTML.percent(total.ratingResponseRate), kpi: "response-rate"))\
                \(Self.cell(String(total.served), kpi: "served"))\
                \(Self.cell(String(office.countersOpen.count), kpi: "counters-open"))\
                \(Self.cell("\(office.kiosksOnline)/\(office.kiosks.count)", kpi: "kiosks-online"))\
                <td style="text-align:left">\(alerts.joined(separator: " "))</td></tr>
                """
        }
        let chartBars = offices.prefix(40).map {
            SVGChart.Bar(label: String($0.officeId.prefix(10)), value: $0.report.total.serviceLevel.map { $0 * 100 },
                         severity: Self.severity(serviceLevel: $0.report.total.serviceLevel))
        }
        let sortLinks = [("sl", "nivel de servicio"), ("wait", "espera p90"), ("waiting", "personas esperando"), ("nps", "NPS")]
            .map { $0.0 == sort ? "<strong>\($0.1)</strong>" : "<a href=\"/dashboard?sort=\($0.0)\">\($0.1)</a>" }
            .joined(separator: " · ")
        let body = """
            <h1>Oficinas del grupo</h1><p class="sub">Hoy, en vivo (actualizado \(HTML.time(now, in: Self.zone)) hora de Bogotá, cada 5 s). Ordenar por: \(sortLinks)</p>
            <div class="tiles">
            \(Self.tile("Oficinas", String(offices.count), kpi: "offices"))
            \(Self.tile("Personas esperando", String(waiting), kpi: "group-waiting"))
            \(Self.tile("Atendidos hoy", String(served), kpi: "group-served"))
            \(Self.tile("Kioscos en línea", "\(online)/\(kiosks.count)", kpi: "group-kiosks-online", severity: Self.severity(online: online, of: kiosks.count)))
            \(Self.tile("Impresoras con aviso", String(printerAlerts), kpi: "group-printer-alerts", severity: printerAlerts == 0 ? "ok" : "warn"))
            \(Self.tile("Contacto efectivo (30 d)", HTML.percent(callbacks.effectiveContactRate), kpi: "group-effective-contact",
                note: "meta ≥ \(HTML.percent(policy.effectiveContactTarget)) · \(callbacks.open) abiertas, \(callbacks.overdue) vencidas",
                severity: callbacks.effectiveContactRate.map { $0 >= policy.effectiveContactTarget ? "ok" : "bad" }))
            </div>
            <h2>Ranking</h2>
            <table><thead><tr><th>Oficina</th><th>Esperando</th><th>Espera más larga</th><th>Espera prom. (min)</th><th>Espera p90 (min)</th>\
            <th>Nivel de servicio</th><th>No presentados</th><th>NPS</th><th>Respuesta calificación</th><th>Atendidos</th><th>Módulos abiertos</th><th>Kioscos</th><th style="text-align:left">Avisos</th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"13\" class=\"muted\">Sin kioscos inscritos todavía.</td></tr>" : rows)</tbody></table>
            <h2>Nivel de servicio por oficina</h2>
            <div class="chart">\(SVGChart.bars(Array(chartBars), target: Self.serviceLevelGoal * 100, unit: "%", title: "Nivel de servicio por oficina", width: 1100, height: 200))</div>
            """
        return Self.html(200, HTML.page(title: "Oficinas", body: body, navigation: navigation(session), refresh: 5))
    }

    /// `GET /dashboard/offices/{id}`: one office, live.
    func officePage(office: String, session: OperatorSession, now: Date) async throws -> APIResponse {
        guard Identifier.isValid(office), let snapshot = try await board.snapshot(officeId: office, now: now) else {
            return Self.html(404, HTML.page(
                title: "Oficina desconocida", body: "<h1>Oficina desconocida</h1><p><a href=\"/dashboard\">Volver</a></p>",
                navigation: navigation(session)))
        }
        let total = snapshot.report.total
        let zone = snapshot.timeZone
        var serviceRows = ""
        for line in snapshot.services {
            let kpis = line.kpis
            serviceRows += """
                <tr><td>\(HTML.escape(line.name))</td>\
                \(Self.cell(String(line.waiting), kpi: "waiting", service: line.code))\
                \(Self.cell(HTML.duration(line.longestWait), kpi: "longest-wait", service: line.code, severity: Self.severity(wait: line.longestWait, targetMinutes: line.targetMinutes)))\
                \(Self.cell(HTML.minutes(kpis.waitAverage), kpi: "wait-average", service: line.code))\
                \(Self.cell(HTML.minutes(kpis.waitP90), kpi: "wait-p90", service: line.code, severity: Self.severity(wait: kpis.waitP90, targetMinutes: line.targetMinutes)))\
                \(Self.cell(String(line.targetMinutes), kpi: "target", service: line.code))\
                \(Self.cell(HTML.percent(kpis.serviceLevel), kpi: "service-level", service: line.code, severity: Self.severity(serviceLevel: kpis.serviceLevel)))\
                \(Self.cell(HTML.percent(kpis.noShowRate), kpi: "no-show-rate", service: line.code))\
                \(Self.cell(String(kpis.issued), kpi: "issued", service: line.code))\
                \(Self.cell(String(kpis.served), kpi: "served", service: line.code))\
                \(Self.cell(HTML.number(kpis.nps), kpi: "nps", service: line.code))</tr>
                """
        }
        var kioskRows = ""
        for kiosk in snapshot.kiosks {
            let state = kiosk.online ? "<span class=\"badge ok\">en línea</span>" : "<span class=\"badge bad\">sin conexión</span>"
            let pendingAge = kiosk.oldestPendingAge
            kioskRows += """
                <tr data-kiosk="\(HTML.escape(kiosk.kioskId))"><td>\(HTML.escape(kiosk.kioskId))</td>\
                <td data-kpi="kiosk-online">\(state)</td>\
                \(Self.cell(HTML.time(kiosk.lastContact, in: zone, withDate: true), kpi: "last-contact"))\
                \(Self.cell(kiosk.pendingEvents.map(String.init) ?? "—", kpi: "pending-events"))\
                \(Self.cell(HTML.duration(pendingAge), kpi: "oldest-pending", severity: pendingAge.map { $0 > 900 ? "bad" : ($0 > 120 ? "warn" : "ok") }))\
                <td data-kpi="printer" data-printer="\(kiosk.printer.condition)"><span class="badge \(kiosk.printer.severity)">\(HTML.escape(kiosk.printer.label))</span></td>\
                \(Self.cell(kiosk.lastTicketLabel.map { "\($0) · \(HTML.time(kiosk.lastTicketAt, in: zone))" } ?? "—", kpi: "last-ticket"))\
                \(Self.cell(kiosk.datasetVersions.isEmpty ? "—" : kiosk.datasetVersions.sorted { $0.key < $1.key }.map { "\($0.key) v\($0.value)" }.joined(separator: ", "), kpi: "datasets"))\
                \(Self.cell(kiosk.appVersion ?? "—", kpi: "app-version"))</tr>
                """
        }
        let target = Double(total.serviceLevelMinutes)
        let waitBars = snapshot.hours.filter { (6...20).contains($0.hour) || $0.arrivals > 0 || $0.averageWait != nil }.map {
            SVGChart.Bar(label: "\($0.hour)h", value: $0.averageWait.map { $0 / 60 },
                         severity: $0.averageWait.map { $0 / 60 <= target ? "ok" : ($0 / 60 <= target * 1.5 ? "warn" : "bad") })
        }
        let arrivalBars = snapshot.hours.filter { (6...20).contains($0.hour) || $0.arrivals > 0 }.map {
            SVGChart.Bar(label: "\($0.hour)h", value: Double($0.arrivals), severity: nil)
        }
        let callbacks = snapshot.callbacks
        let body = """
            <h1 data-office="\(HTML.escape(snapshot.officeId))">\(HTML.escape(snapshot.officeName))</h1>
            <p class="sub">Día \(snapshot.day.rawValue), en vivo: actualizado \(HTML.time(now, in: zone)) (cada 5 s) · \(snapshot.eventCount) eventos</p>
            \(Self.alertBox(snapshot.alerts, zone: zone))
            <div class="tiles">
            \(Self.tile("Personas esperando", String(snapshot.waiting), kpi: "waiting-total"))
            \(Self.tile("Espera más larga ahora", HTML.duration(snapshot.longestWait), kpi: "longest-wait-total",
                severity: Self.severity(wait: snapshot.longestWait, targetMinutes: total.serviceLevelMinutes)))
            \(Self.tile("Espera p90 (min)", HTML.minutes(total.waitP90), kpi: "wait-p90-total", note: "meta \(total.serviceLevelMinutes) min",
                severity: Self.severity(wait: total.waitP90, targetMinutes: total.serviceLevelMinutes)))
            \(Self.tile("Nivel de servicio", HTML.percent(total.serviceLevel), kpi: "service-level-total",
                note: "\(total.serviceLevelHits) de \(total.serviceLevelJudged) dentro de la meta de su servicio", severity: Self.severity(serviceLevel: total.serviceLevel)))
            \(Self.tile("No presentados", HTML.percent(total.noShowRate), kpi: "no-show-rate-total", note: "\(total.noShows) de \(total.called) llamados"))
            \(Self.tile("NPS", HTML.number(total.nps), kpi: "nps-total", note: "\(total.ratings) calificaciones"))
            \(Self.tile("Respuesta a la calificación", HTML.percent(total.ratingResponseRate), kpi: "response-rate-total", note: "de \(total.served) atendidos"))
            \(Self.tile("Módulos abiertos", String(snapshot.countersOpen.count), kpi: "counters-open",
                note: snapshot.countersOpen.map { "M\($0)" }.joined(separator: " ")))
            \(Self.tile("Kioscos en línea", "\(snapshot.kiosksOnline)/\(snapshot.kiosks.count)", kpi: "kiosks-online",
                severity: Self.severity(online: snapshot.kiosksOnline, of: snapshot.kiosks.count)))
            \(Self.tile("Contacto efectivo (30 d)", HTML.percent(callbacks.effectiveContactRate), kpi: "effective-contact",
                note: "meta ≥ \(HTML.percent(policy.effectiveContactTarget)) · \(callbacks.open) abiertas", severity: callbacks.effectiveContactRate.map { $0 >= policy.effectiveContactTarget ? "ok" : "bad" }))
            \(Self.tile("Plazos de llamada cumplidos", HTML.percent(callbacks.deadlinesMet), kpi: "deadlines-met",
                note: "\(callbacks.overdue) vencidas", severity: callbacks.deadlinesMet == nil ? nil : (callbacks.overdue == 0 ? "ok" : "bad")))
            </div>
            <h2>Servicios</h2>
            <table><thead><tr><th>Servicio</th><th>Esperando</th><th>Espera más larga</th><th>Espera prom. (min)</th><th>Espera p90 (min)</th>\
            <th>Meta (min)</th><th>Nivel de servicio</th><th>No presentados</th><th>Turnos</th><th>Atendidos</th><th>NPS</th></tr></thead><tbody>\(serviceRows)</tbody></table>
            <h2>Hoy por hora</h2>
            <div class="charts">
            <div class="chart"><h3>Espera promedio por hora de llamado (min)</h3>\(SVGChart.bars(waitBars, target: target, unit: "min", title: "Espera promedio por hora"))</div>
            <div class="chart"><h3>Turnos emitidos por hora</h3>\(SVGChart.bars(arrivalBars, unit: "turnos", title: "Turnos por hora"))</div>
            </div>
            <h2>Kioscos</h2>
            <table><thead><tr><th>Kiosco</th><th>Estado</th><th>Último contacto</th><th>Eventos pendientes</th><th>Pendiente más antiguo</th><th>Impresora</th><th>Último tiquete</th><th>Datos</th><th>Versión</th></tr></thead>
            <tbody>\(kioskRows.isEmpty ? "<tr><td colspan=\"9\" class=\"muted\">Sin kioscos.</td></tr>" : kioskRows)</tbody></table>
            <p class="muted">Definiciones: espera = primer llamado − ingreso a la fila; nivel de servicio = llamados con espera dentro de la meta de su servicio ÷ (llamados + abandonos que esperaron más); NPS = 100 × (promotores 9–10 − detractores ≤ \(snapshot.detractorMaxScore)) ÷ calificaciones. <a href="/dashboard/callbacks?office=\(FormData.encode(snapshot.officeId))">Llamadas a detractores de esta oficina</a></p>
            """
        return Self.html(200, HTML.page(title: snapshot.officeName, body: body, navigation: navigation(session), refresh: 5))
    }
}
