import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// The monthly quality report (issue 16): a printable page (one page per office, charts) and two
// CSV files, for managers.
extension OperatorSite {
    var quality: QualityExport { QualityExport(export: export, storage: storage, targets: configuration.qualityTargets) }

    /// The quality report's routes (managers).
    func addQualityRoutes(to managers: RouteRecorder) {
        managers.get("/quality", answers: [200, 303, 400, 403]) { try await self.qualityPage($0, $1) }
        managers.get("/quality/{file}", answers: [200, 303, 400, 403, 404]) { try await self.qualityFile($0, $1) }
    }

    /// Reads `month` (default: this month) and `office` (an id or `all`).
    func qualityQuery(_ request: Request, now: Date) async throws -> (month: ReportMonth, offices: [String]) {
        let text = request.query("month") ?? String(LocalDay(containing: now, in: Self.zone).rawValue.prefix(7))
        guard let month = ReportMonth(rawValue: text), (2000...2100).contains(month.year) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "month must be YYYY-MM")
        }
        switch request.query("office") {
        case nil, "", "all": return (month, try await storage.officeIds())
        case let office?:
            guard Identifier.isValid(office) else { throw APIError(.badRequest, ErrorCode.badRequest, "office must be an office id or 'all'") }
            return (month, [office])
        }
    }

    /// `GET /dashboard/quality/{indicators|agents}.csv`.
    func qualityFile(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        guard file == "indicators.csv" || file == "agents.csv" else { throw APIError(.notFound, ErrorCode.notFound, "no such report") }
        let query = try await qualityQuery(request, now: context.now)
        let report = try await quality.report(month: query.month, offices: query.offices, now: context.now)
        let csv = file == "agents.csv"
            ? KPIExport.csv(QualityExport.agentRows(report), columns: QualityExport.agentColumns)
            : KPIExport.csv(QualityExport.indicatorRows(report), columns: QualityExport.indicatorColumns)
        let name = "turnero-calidad-\(file.dropLast(4))-\(query.offices.count == 1 ? query.offices[0] : "todas")-\(query.month.rawValue).csv"
        return .bytes(.ok, Array(csv.utf8), contentType: "text/csv; charset=utf-8", headers: [.contentDisposition: "attachment; filename=\"\(name)\""])
    }

    /// `GET /dashboard/quality`: the printable report.
    func qualityPage(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let query = try await qualityQuery(request, now: context.now)
        let report = try await quality.report(month: query.month, offices: query.offices, now: context.now)
        let office = query.offices.count == 1 ? query.offices[0] : "all"
        let links: HTML = """
            <form class="card no-print" method="get" action="/dashboard/quality">\
            <label for="month">Mes</label><input type="month" id="month" name="month" value="\(query.month.rawValue)">\
            <input type="hidden" name="office" value="\(office)"><button class="primary" type="submit">Ver</button> \
            <a href="/dashboard/quality/indicators.csv?month=\(query.month.rawValue)&amp;office=\(pathSegment: office)">Indicadores (CSV)</a> · \
            <a href="/dashboard/quality/agents.csv?month=\(query.month.rawValue)&amp;office=\(pathSegment: office)">Asesores (CSV)</a></form>
            """
        var body: HTML = """
            <style>@media print{header,.no-print{display:none}section.office{break-after:page}}section.office{margin:18px 0}</style>
            <h1>Informe mensual de calidad — \(report.month.spanishName)</h1>
            <p class="sub">Indicadores contra las metas contratadas, comparados con el mes anterior; cifras por asesor y auditorías. \
            Imprima esta página: una hoja por oficina.</p>
            \(links)
            """
        if report.offices.isEmpty {
            body += "<p>Sin actividad en \(report.month.spanishName).</p>"
        } else {
            if report.offices.count > 1 { body += Self.qualitySection(report.consolidated, targets: report.targets) }
            for office in report.offices { body += Self.qualitySection(office, targets: report.targets) }
        }
        return Page(title: "Informe de calidad", body: body, navigation: Page.navigation(session)).response()
    }

    /// One office's page of the report.
    static func qualitySection(_ office: MonthlyOfficeReport, targets: IndicatorTargets) -> HTML {
        func value(_ number: Double?, _ indicator: Indicator) -> String {
            guard let number else { return "—" }
            return "\(Format.decimal(number)) \(indicator.unit)"
        }
        let indicators = office.indicators.map { result -> HTML in
            let met: HTML = switch result.met {
            case true?: "<span class=\"ok\">cumple</span>"
            case false?: "<span class=\"bad\">no cumple</span>"
            case nil: "—"
            }
            let change = result.change.map { ($0 > 0 ? "+" : "") + Format.decimal($0) } ?? "—"
            return """
                <tr><td>\(result.indicator.name.es)</td><td>\(value(result.value, result.indicator))</td>\
                <td>\(value(result.target, result.indicator))</td><td>\(met)</td><td>\(value(result.previous, result.indicator))</td><td>\(change)</td></tr>
                """
        }.joined()
        let days = office.daily.map { point in
            SVGChart.Bar(
                label: String(point.day.rawValue.suffix(2)), value: point.serviceLevel,
                severity: point.serviceLevel.map { $0 >= targets.serviceLevel ? "ok" : "bad" })
        }
        let waits = office.daily.map { point in
            SVGChart.Bar(
                label: String(point.day.rawValue.suffix(2)), value: point.waitAverage,
                severity: point.waitAverage.map { $0 <= targets.averageWait ? "ok" : "bad" })
        }
        var section: HTML = """
            <section class="office"><h2>\(office.officeId == "*" ? "Todas las oficinas" : office.officeName) \
            <span class="sub">(\(office.officeId)) · \(office.kpis.served) atendidos</span></h2>
            <table><tr><th>Indicador</th><th>Valor</th><th>Meta</th><th>Resultado</th><th>Mes anterior</th><th>Cambio</th></tr>\(indicators)</table>
            \(SVGChart.bars(days, target: targets.serviceLevel, unit: "%", title: "Nivel de servicio por día"))
            \(SVGChart.bars(waits, target: targets.averageWait, unit: "min", title: "Espera promedio por día"))
            """
        if !office.agents.isEmpty { section += agentTable(office.agents, audits: office.audits, title: "Por asesor") }
        return section + "</section>"
    }

    /// The per-agent figures of one office, with the audit score (managers only: the routes
    /// that show it are behind the manager role).
    static func agentTable(_ agents: [AgentKPI], audits: [AgentAuditScore], title: String) -> HTML {
        let rows = agents.map { kpi -> HTML in
            let audit = kpi.agent.flatMap { agent in audits.first { $0.agent == agent } }
            let auditText = audit.map { "\(Format.number($0.score)) (\($0.audits))" } ?? "—"
            return """
                <tr data-agent="\(kpi.agent?.rawValue ?? "-")"><td>\(kpi.agent?.rawValue ?? "sin asesor")</td><td>\(kpi.attended)</td><td>\(Format.minutes(kpi.handlingAverage))</td>\
                <td>\(Format.minutes(kpi.waitAverage))</td><td>\(Format.minutes(kpi.waitP90))</td><td>\(Format.percent(kpi.noShowRate))</td>\
                <td>\(Format.number(kpi.ratingAverage))</td><td>\(Format.number(kpi.nps))</td><td>\(Format.percent(kpi.firstContactResolution))</td>\
                <td>\(kpi.escalationsOpen) / \(kpi.escalationsOverdue)</td><td>\(auditText)</td></tr>
                """
        }.joined()
        return """
            <h3>\(title)</h3><table><tr><th>Asesor</th><th>Atendidos</th><th>Atención prom. (min)</th><th>Espera prom. (min)</th>\
            <th>Espera p90 (min)</th><th>No presentados</th><th>Calificación</th><th>NPS</th><th>Primer contacto</th>\
            <th>Escalados abiertos / vencidos</th><th>Auditoría (puntaje, n)</th></tr>\(rows)</table>
            """
    }
}
