import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

// Daily and monthly KPI reports: CSV downloads from the dashboard, JSON from /v1/reports.
extension OperatorSite {
    /// A parsed report request.
    struct ReportQuery {
        var offices: [String]
        var period: KPIExport.Period
        var label: String
    }

    /// The report routes (managers).
    func addReportRoutes(to managers: RouteRecorder) {
        managers.get("/reports", answers: [200, 303, 403]) { _, context in try await self.reportsPage(context) }
        managers.get("/reports/{file}", answers: [200, 303, 400, 403, 404]) { try await self.reportFile($0, $1) }
    }

    /// Reads `office` (an id or `all`) and `from`/`to` (daily) or `month` (monthly).
    func reportQuery(kind: String, _ request: Request, now: Date) async throws -> ReportQuery {
        let offices: [String]
        switch request.query("office") {
        case nil, "", "all": offices = try await storage.officeIds()
        case let office?:
            guard Identifier.isValid(office) else { throw APIError(.badRequest, ErrorCode.badRequest, "office must be an office id or 'all'") }
            offices = [office]
        }
        switch kind {
        case "daily":
            let today = LocalDay(containing: now, in: Self.zone)
            guard let from = LocalDay(rawValue: request.query("from") ?? today.rawValue),
                let to = LocalDay(rawValue: request.query("to") ?? from.rawValue),
                from <= to
            else { throw APIError(.badRequest, ErrorCode.badRequest, "from and to must be days YYYY-MM-DD, from ≤ to") }
            let start = from.interval(in: TimeZone.gmt).start
            let end = to.interval(in: TimeZone.gmt).start
            guard end.timeIntervalSince(start) < Double(KPIExport.maxDays) * 86_400 else {
                throw APIError(.badRequest, ErrorCode.badRequest, "at most \(KPIExport.maxDays) days per request")
            }
            return ReportQuery(offices: offices, period: .daily(from: from, to: to), label: "\(from.rawValue)_\(to.rawValue)")
        case "monthly":
            let text = request.query("month") ?? String(LocalDay(containing: now, in: Self.zone).rawValue.prefix(7))
            let parts = text.split(separator: "-")
            guard text.utf8.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                (2000...2100).contains(year), (1...12).contains(month)
            else { throw APIError(.badRequest, ErrorCode.badRequest, "month must be YYYY-MM") }
            return ReportQuery(offices: offices, period: .monthly(year: year, month: month), label: text)
        default:
            throw APIError(.notFound, ErrorCode.notFound, "reports are daily or monthly")
        }
    }

    /// `GET /v1/reports/{daily|monthly}`: the report rows as JSON.
    func reportAPI(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kind = context.parameters.get("kind") ?? ""
        guard kind == "daily" || kind == "monthly" else { throw APIError(.notFound, ErrorCode.notFound, "reports are daily or monthly") }
        let caller = try context.requireOperator()
        let query = try await reportQuery(kind: kind, request, now: context.now)
        let rows = try await export.rows(offices: query.offices, period: query.period, now: context.now)
        logger.info("report served", metadata: ["operator": "\(caller.operatorName)", "kind": "\(kind)", "rows": "\(rows.count)"])
        return .bytes(.ok, KPIExport.json(rows, kind: kind), contentType: SyncPaths.json, headers: [.cacheControl: "no-store"])
    }

    /// `GET /dashboard/reports/{daily|monthly}.csv`.
    func reportFile(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kind: String
        switch context.parameters.get("file") {
        case "daily.csv": kind = "daily"
        case "monthly.csv": kind = "monthly"
        default: throw APIError(.notFound, ErrorCode.notFound, "no such report")
        }
        let query = try await reportQuery(kind: kind, request, now: context.now)
        let rows = try await export.rows(offices: query.offices, period: query.period, now: context.now)
        let office = query.offices.count == 1 ? query.offices[0] : "todas"
        return .bytes(
            .ok, Array(KPIExport.csv(rows).utf8), contentType: "text/csv; charset=utf-8",
            headers: [.contentDisposition: "attachment; filename=\"turnero-\(kind)-\(office)-\(query.label).csv\""])
    }

    /// `GET /dashboard/reports`: the download forms.
    func reportsPage(_ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let offices = try await storage.officeIds()
        let names = try await board.configurations(now: context.now)
        let options = (["all"] + offices).map { office -> HTML in
            "<option value=\"\(office)\">\(office == "all" ? "Todas las oficinas" : Self.officeName(office, names))</option>"
        }.joined()
        let today = LocalDay(containing: context.now, in: Self.zone).rawValue
        let body: HTML = """
            <h1>Reportes de indicadores</h1>
            <p class="sub">Por oficina y servicio: una fila de total (servicio «*») y una por servicio. CSV para la planilla; \
            la misma información en JSON en <code>/v1/reports/daily</code> y <code>/v1/reports/monthly</code> \
            (con un token: <code>turnero-central user token create USUARIO</code>).</p>
            \(Self.definitions)
            <form class="card" method="get" action="/dashboard/reports/daily.csv"><h2>Diario</h2>
            <label for="office-d">Oficina</label><select id="office-d" name="office">\(options)</select>
            <label for="from">Desde</label><input type="date" id="from" name="from" value="\(today)">
            <label for="to">Hasta</label><input type="date" id="to" name="to" value="\(today)">
            <button class="primary" type="submit">Descargar CSV diario</button></form>
            <br><form class="card" method="get" action="/dashboard/reports/monthly.csv"><h2>Mensual</h2>
            <label for="office-m">Oficina</label><select id="office-m" name="office">\(options)</select>
            <label for="month">Mes</label><input type="month" id="month" name="month" value="\(String(today.prefix(7)))">
            <button class="primary" type="submit">Descargar CSV mensual</button></form>
            """
        return Page(title: "Reportes", body: body, navigation: Page.navigation(session)).response()
    }

    /// What each column means, on the page itself (a manager never has to open the repository).
    static let definitions: HTML = """
        <details class="card"><summary>Definiciones</summary><dl>
        <dt>Espera</dt><dd>Del ingreso a la fila (o de la transferencia) al primer llamado.</dd>
        <dt>Nivel de servicio</dt><dd>Llamados con espera dentro de la meta de su servicio ÷ (llamados + abandonos que esperaron más que esa meta). El total de la oficina suma los aciertos y los turnos juzgados de todos sus servicios.</dd>
        <dt>No presentados</dt><dd>Turnos no presentados ÷ turnos llamados.</dd>
        <dt>Abandono</dt><dd>(Abandonados + cancelados) ÷ emitidos.</dd>
        <dt>NPS</dt><dd>100 × (calificaciones 9–10 − calificaciones de detractor) ÷ calificaciones.</dd>
        <dt>Respuesta a la calificación</dt><dd>Calificaciones ÷ turnos atendidos.</dd>
        <dt>Llamadas a detractores</dt><dd>Abiertas por cada calificación de detractor; cumplidas a tiempo ÷ (cerradas + vencidas). Las de clientes que no dejaron teléfono se cuentan aparte. Cuentan los cierres hechos en la oficina y en el centro.</dd>
        <dt>Utilización</dt><dd>Tiempo atendiendo ÷ tiempo con módulos abiertos.</dd>
        </dl></details><br>
        """
}
