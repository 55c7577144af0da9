import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// One office, live: tiles, services, charts by hour, kiosks. Refreshes every 5 s.
extension OperatorSite {
    /// `GET /dashboard/offices/{office}` (managers).
    func officePage(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let office = context.parameters.get("office") ?? ""
        let now = context.now
        guard Identifier.isValid(office), let snapshot = try await board.snapshot(officeId: office, now: now) else {
            return Page(
                title: "Oficina desconocida", body: "<h1>Oficina desconocida</h1><p><a href=\"/dashboard\">Volver</a></p>",
                navigation: Page.navigation(session)
            ).response(status: .notFound)
        }
        let total = snapshot.report.total
        let zone = snapshot.timeZone
        let target = Double(total.serviceLevelMinutes)
        let waitBars = snapshot.hours.filter { (6...20).contains($0.hour) || $0.arrivals > 0 || $0.averageWait != nil }.map {
            SVGChart.Bar(label: "\($0.hour)h", value: $0.averageWait.map { $0 / 60 },
                         severity: $0.averageWait.map { $0 / 60 <= target ? "ok" : ($0 / 60 <= target * 1.5 ? "warn" : "bad") })
        }
        let arrivalBars = snapshot.hours.filter { (6...20).contains($0.hour) || $0.arrivals > 0 }.map {
            SVGChart.Bar(label: "\($0.hour)h", value: Double($0.arrivals), severity: nil)
        }
        let serviceRows = snapshot.services.map(Self.serviceRow).joined()
        let kioskRows = snapshot.kiosks.map { Self.kioskRow($0, zone: zone) }.joined()
        let body: HTML = """
            <h1 data-office="\(snapshot.officeId)">\(snapshot.officeName)</h1>
            <p class="sub">Día \(snapshot.day.rawValue), en vivo: actualizado \(Format.time(now, in: zone)) (cada 5 s) · \(snapshot.eventCount) eventos</p>
            \(Self.alertBox(snapshot.alerts, zone: zone))
            <div class="tiles">\(officeTiles(snapshot))</div>
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
            <p class="muted">Definiciones: espera = primer llamado − ingreso a la fila; nivel de servicio = llamados con espera dentro de la meta de su servicio ÷ (llamados + abandonos que esperaron más); NPS = 100 × (promotores 9–10 − detractores ≤ \(snapshot.detractorMaxScore)) ÷ calificaciones. <a href="/dashboard/callbacks?office=\(pathSegment: snapshot.officeId)">Llamadas a detractores de esta oficina</a></p>
            """
        return Page(title: snapshot.officeName, body: body, navigation: Page.navigation(session), refresh: 5).response()
    }

    /// The office's tiles.
    private func officeTiles(_ snapshot: OfficeSnapshot) -> HTML {
        let total = snapshot.report.total
        let callbacks = snapshot.callbacks
        let target = policy.effectiveContactTarget
        return """
            \(Self.tile("Personas esperando", String(snapshot.waiting), kpi: "waiting-total"))
            \(Self.tile("Espera más larga ahora", Format.duration(snapshot.longestWait), kpi: "longest-wait-total",
                severity: Self.severity(wait: snapshot.longestWait, targetMinutes: total.serviceLevelMinutes)))
            \(Self.tile("Espera p90 (min)", Format.minutes(total.waitP90), kpi: "wait-p90-total", note: "meta \(total.serviceLevelMinutes) min",
                severity: Self.severity(wait: total.waitP90, targetMinutes: total.serviceLevelMinutes)))
            \(Self.tile("Nivel de servicio", Format.percent(total.serviceLevel), kpi: "service-level-total",
                note: "\(total.serviceLevelHits) de \(total.serviceLevelJudged) dentro de la meta de su servicio", severity: Self.severity(serviceLevel: total.serviceLevel)))
            \(Self.tile("No presentados", Format.percent(total.noShowRate), kpi: "no-show-rate-total", note: "\(total.noShows) de \(total.called) llamados"))
            \(Self.tile("NPS", Format.number(total.nps), kpi: "nps-total", note: "\(total.ratings) calificaciones"))
            \(Self.tile("Respuesta a la calificación", Format.percent(total.ratingResponseRate), kpi: "response-rate-total", note: "de \(total.served) atendidos"))
            \(Self.tile("Módulos abiertos", String(snapshot.countersOpen.count), kpi: "counters-open",
                note: Self.note(snapshot.countersOpen.map { "M\($0)" }.joined(separator: " "))))
            \(Self.tile("Kioscos en línea", "\(snapshot.kiosksOnline)/\(snapshot.kiosks.count)", kpi: "kiosks-online",
                severity: Self.severity(online: snapshot.kiosksOnline, of: snapshot.kiosks.count)))
            \(Self.tile("Contacto efectivo (30 d)", Format.percent(callbacks.effectiveContactRate), kpi: "effective-contact",
                note: "meta ≥ \(Format.percent(target)) · \(callbacks.open) abiertas", severity: callbacks.effectiveContactRate.map { $0 >= target ? "ok" : "bad" }))
            \(Self.tile("Plazos de llamada cumplidos", Format.percent(callbacks.deadlinesMet), kpi: "deadlines-met",
                note: "\(callbacks.overdue) vencidas", severity: callbacks.deadlinesMet == nil ? nil : (callbacks.overdue == 0 ? "ok" : "bad")))
            """
    }

    /// One service's line.
    private static func serviceRow(_ line: OfficeSnapshot.ServiceLine) -> HTML {
        let kpis = line.kpis
        return """
            <tr><td>\(line.name)</td>\
            \(cell(String(line.waiting), kpi: "waiting", service: line.code))\
            \(cell(Format.duration(line.longestWait), kpi: "longest-wait", service: line.code, severity: severity(wait: line.longestWait, targetMinutes: line.targetMinutes)))\
            \(cell(Format.minutes(kpis.waitAverage), kpi: "wait-average", service: line.code))\
            \(cell(Format.minutes(kpis.waitP90), kpi: "wait-p90", service: line.code, severity: severity(wait: kpis.waitP90, targetMinutes: line.targetMinutes)))\
            \(cell(String(line.targetMinutes), kpi: "target", service: line.code))\
            \(cell(Format.percent(kpis.serviceLevel), kpi: "service-level", service: line.code, severity: severity(serviceLevel: kpis.serviceLevel)))\
            \(cell(Format.percent(kpis.noShowRate), kpi: "no-show-rate", service: line.code))\
            \(cell(String(kpis.issued), kpi: "issued", service: line.code))\
            \(cell(String(kpis.served), kpi: "served", service: line.code))\
            \(cell(Format.number(kpis.nps), kpi: "nps", service: line.code))</tr>
            """
    }

    /// One kiosk's line.
    private static func kioskRow(_ kiosk: OfficeSnapshot.KioskLine, zone: TimeZone) -> HTML {
        let state: HTML = kiosk.online ? "<span class=\"badge ok\">en línea</span>" : "<span class=\"badge bad\">sin conexión</span>"
        let pendingAge = kiosk.oldestPendingAge
        let datasets = kiosk.datasetVersions.isEmpty
            ? "—" : kiosk.datasetVersions.sorted { $0.key < $1.key }.map { "\($0.key) v\($0.value)" }.joined(separator: ", ")
        return """
            <tr data-kiosk="\(kiosk.kioskId)"><td>\(kiosk.kioskId)</td>\
            <td data-kpi="kiosk-online">\(state)</td>\
            \(cell(Format.time(kiosk.lastContact, in: zone, withDate: true), kpi: "last-contact"))\
            \(cell(kiosk.pendingEvents.map(String.init) ?? "—", kpi: "pending-events"))\
            \(cell(Format.duration(pendingAge), kpi: "oldest-pending", severity: pendingAge.map { $0 > 900 ? "bad" : ($0 > 120 ? "warn" : "ok") }))\
            <td data-kpi="printer" data-printer="\(kiosk.printer.condition)"><span class="badge \(kiosk.printer.severity)">\(kiosk.printer.label)</span></td>\
            \(cell(kiosk.lastTicketLabel.map { "\($0) · \(Format.time(kiosk.lastTicketAt, in: zone))" } ?? "—", kpi: "last-ticket"))\
            \(cell(datasets, kpi: "datasets"))\
            \(cell(kiosk.appVersion ?? "—", kpi: "app-version"))</tr>
            """
    }
}
